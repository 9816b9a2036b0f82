package dev.memescalate.engine;

import dev.memescalate.indexset.IndexSet;
import dev.memescalate.ladder.LevelPair;
import dev.memescalate.store.FinalOutcome;
import dev.memescalate.store.RoundRecord;
import dev.memescalate.store.TaskOutcomeRecord;
import java.util.Iterator;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.PrimitiveIterator;
import java.util.stream.Collectors;

/** What a decided round leaves in the store besides its attempts: its tasks' final outcomes and its event's text. */
final class DecisionRecords {
    private DecisionRecords() {
    }

    /** The final outcomes of a decided round, made one at a time as the store takes them. */
    static Iterable<TaskOutcomeRecord> finalOutcomes(String chainId, RoundRecord round, RoundDecision d) {
        IndexSet[] sets = {d.completed(), d.failed(), d.exhausted()};
        FinalOutcome[] outcomes = {FinalOutcome.COMPLETED, FinalOutcome.FAILED, FinalOutcome.EXHAUSTED};
        return () -> new Iterator<>() {
            private int set = -1;
            private PrimitiveIterator.OfInt indices = IndexSet.of().iterator();

            @Override
            public boolean hasNext() {
                while (!indices.hasNext() && set + 1 < sets.length) {
                    indices = sets[++set].iterator();
                }
                return indices.hasNext();
            }

            @Override
            public TaskOutcomeRecord next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int index = indices.nextInt();
                FinalOutcome outcome = outcomes[set];
                String reason = outcome == FinalOutcome.COMPLETED ? "completed"
                        : d.reasons().getOrDefault(index, outcome.name().toLowerCase(Locale.ROOT));
                return new TaskOutcomeRecord(chainId, index, outcome, round.number(), round.level(), reason);
            }
        };
    }

    /** The round-decided event's text: what the round came to, by outcome and level. */
    static String summary(RoundRecord round, RoundDecision d, AccountingReader.Reading reading) {
        String escalations = d.escalations().isEmpty()
                ? "0 escalate to " + levelWording(round, new LevelPair(round.level() + 1, round.levels().time() + 1))
                : d.escalations().entrySet().stream().map(e -> e.getValue().size() + " escalate to "
                        + levelWording(round, e.getKey())).collect(Collectors.joining(", "));
        return "round " + round.number() + " (" + round.levelWording() + ", " + d.taskCount()
                + " task(s)): " + d.completed().size() + " completed, " + escalations + ", " + d.retry().size()
                + " retry at " + round.levelWording() + ", "
                + d.failed().size() + " failed, " + d.exhausted().size() + " exhausted"
                + " (sacct asked " + reading.queries() + " time(s)"
                + (reading.verdict() == AccountingReader.Verdict.COMPLETE ? "" : "; "
                        + reading.verdict() + ": " + reading.lastProblem().orElse("")) + ")";
    }

    /** {@code level 2}, or {@code mem 1 / time 0} in a by_reason chain. */
    private static String levelWording(RoundRecord round, LevelPair levels) {
        return round.byReason() ? levels.label() : "level " + levels.memory();
    }
}
