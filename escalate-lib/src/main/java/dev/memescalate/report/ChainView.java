package dev.memescalate.report;

import dev.memescalate.ladder.Ladder;
import dev.memescalate.store.AttemptRecord;
import dev.memescalate.store.ChainRecord;
import dev.memescalate.store.EventRecord;
import dev.memescalate.store.JobRecord;
import dev.memescalate.store.RoundRecord;
import dev.memescalate.store.TaskOutcomeRecord;
import java.util.List;

/** Everything the store knows of one chain, read in one transaction, for rendering. */
public record ChainView(
        ChainRecord chain,
        Ladder ladder,
        List<RoundRecord> rounds,
        List<JobRecord> jobs,
        List<AttemptRecord> attempts,
        List<TaskOutcomeRecord> outcomes,
        List<EventRecord> events) {
    public ChainView {
        rounds = List.copyOf(rounds);
        jobs = List.copyOf(jobs);
        attempts = List.copyOf(attempts);
        outcomes = List.copyOf(outcomes);
        events = List.copyOf(events);
    }
}
