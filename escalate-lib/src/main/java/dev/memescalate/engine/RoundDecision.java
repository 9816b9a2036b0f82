package dev.memescalate.engine;

import dev.memescalate.indexset.IndexSet;
import dev.memescalate.ladder.LevelPair;
import java.util.Collections;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;

/**
 * What happens to every task of a round once it has ended. Each index of the round is in exactly one of the five
 * sets: three final outcomes and two ways of running again.
 *
 * @param completed final: the task succeeded
 * @param failed final: failed for a reason more resources will not fix, or ran out of same-level retries
 * @param exhausted final: needed more resources, but no level is left (or allowed by {@code --max-level})
 * @param escalate run again at a higher level: the union of {@code escalations}
 * @param escalations where the escalated tasks run next, by memory and time level: one pair for a lockstep chain
 *     (one level up in both), up to three with {@code escalation: by_reason} (memory up, time up, both up); in
 *     memory-then-time order
 * @param retry run again at the same level
 * @param reasons why each task that failed or was exhausted did, by index: the reason of its final outcome (a task
 *     that runs again has its reason in its attempt)
 */
public record RoundDecision(
        IndexSet completed,
        IndexSet failed,
        IndexSet exhausted,
        IndexSet escalate,
        Map<LevelPair, IndexSet> escalations,
        IndexSet retry,
        Map<Integer, String> reasons) {

    private static final Comparator<LevelPair> LEVEL_ORDER = Comparator
            .comparingInt(LevelPair::memory).thenComparingInt(LevelPair::time);

    public RoundDecision {
        TreeMap<LevelPair, IndexSet> ordered = new TreeMap<>(LEVEL_ORDER);
        ordered.putAll(escalations);
        escalations = Collections.unmodifiableMap(ordered);
        reasons = Map.copyOf(reasons);
    }

    public int taskCount() {
        return completed.size() + failed.size() + exhausted.size() + escalate.size() + retry.size();
    }

    public boolean nothingLeftToRun() {
        return escalate.isEmpty() && retry.isEmpty();
    }
}
