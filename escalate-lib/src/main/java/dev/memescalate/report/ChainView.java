package dev.memescalate.report;

import dev.memescalate.ladder.Ladder;
import dev.memescalate.store.AttemptRecord;
import dev.memescalate.store.ChainRecord;
import dev.memescalate.store.FinalOutcome;
import dev.memescalate.store.JobRecord;
import dev.memescalate.store.RoundRecord;
import dev.memescalate.store.TaskOutcomeRecord;
import java.util.List;
import java.util.Map;

/**
 * What the store knows of one chain, read in one transaction, for rendering. The per-task rows (attempts and
 * outcomes) are only read when a view needs them: a chain of a million tasks has a million of each.
 *
 * @param outcomeCounts how many tasks reached each final outcome
 * @param attempts every attempt, or empty when not read
 * @param outcomes every final outcome, or empty when not read
 */
public record ChainView(
        ChainRecord chain,
        Ladder ladder,
        List<RoundRecord> rounds,
        List<JobRecord> jobs,
        Map<FinalOutcome, Integer> outcomeCounts,
        List<AttemptRecord> attempts,
        List<TaskOutcomeRecord> outcomes) {
    public ChainView {
        rounds = List.copyOf(rounds);
        jobs = List.copyOf(jobs);
        outcomeCounts = Map.copyOf(outcomeCounts);
        attempts = List.copyOf(attempts);
        outcomes = List.copyOf(outcomes);
    }
}
