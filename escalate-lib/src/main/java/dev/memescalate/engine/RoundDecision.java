package dev.memescalate.engine;

import dev.memescalate.indexset.IndexSet;
import java.util.Map;

/**
 * What happens to every task of a round once it has ended. Each index of the round is in exactly one of the five
 * sets: three final outcomes and two ways of running again.
 *
 * @param completed final: the task succeeded
 * @param failed final: failed for a reason more resources will not fix, or ran out of same-level retries
 * @param exhausted final: needed more resources, but no level is left (or allowed by {@code --max-level})
 * @param escalate run again at {@code escalateLevel}
 * @param retry run again at the same level
 * @param reasons why each final failure or resubmission happened, by index (not for completed tasks)
 */
public record RoundDecision(
        IndexSet completed,
        IndexSet failed,
        IndexSet exhausted,
        IndexSet escalate,
        int escalateLevel,
        IndexSet retry,
        Map<Integer, String> reasons) {

    public RoundDecision {
        reasons = Map.copyOf(reasons);
    }

    public int taskCount() {
        return completed.size() + failed.size() + exhausted.size() + escalate.size() + retry.size();
    }

    public boolean nothingLeftToRun() {
        return escalate.isEmpty() && retry.isEmpty();
    }
}
