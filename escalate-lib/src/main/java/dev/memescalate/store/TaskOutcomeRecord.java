package dev.memescalate.store;

import static java.util.Objects.requireNonNull;

/**
 * The final outcome of one task of a chain; a task has at most one, ever.
 *
 * @param round the round whose attempt settled it
 * @param level the level of that round
 */
public record TaskOutcomeRecord(String chainId, int index, FinalOutcome outcome, int round, int level, String reason) {
    public TaskOutcomeRecord {
        requireNonNull(chainId, "chainId");
        if (index < 0) {
            throw new IllegalArgumentException("task index must be >= 0, got " + index);
        }
        requireNonNull(outcome, "outcome");
        if (round < 1) {
            throw new IllegalArgumentException("round must be >= 1, got " + round);
        }
        requireNonNull(reason, "reason");
    }
}
