package dev.memescalate.store;

import java.util.List;
import java.util.Optional;

/**
 * One task of a chain as the store knows it: its attempts in round order and its final outcome, if it has one.
 *
 * @param attempts empty for a task that has not run yet (or could not be submitted)
 */
public record TaskHistory(int index, List<AttemptRecord> attempts, Optional<TaskOutcomeRecord> outcome) {
    public TaskHistory {
        attempts = List.copyOf(attempts);
    }
}
