package dev.memescalate.config;

import dev.memescalate.policy.Action;
import dev.memescalate.policy.ExitCodeRule;
import dev.memescalate.slurm.JobState;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What happens to a failed task when the config's {@code state_handling} does not say. A config's
 * {@code state_handling} overlays this table: states it does not name keep these actions.
 */
public final class DefaultStateHandling {
    /** The default action per terminal failure state, in the order check-config prints them. */
    public static final Map<JobState, Action> STATE_ACTIONS = defaults();

    /** No exit-code rules by default: the state alone decides. */
    public static final List<ExitCodeRule> EXIT_CODE_RULES = List.of();

    private DefaultStateHandling() {
    }

    private static Map<JobState, Action> defaults() {
        Map<JobState, Action> map = new EnumMap<>(JobState.class);
        // More memory or more time is exactly what the next level gives.
        map.put(JobState.OUT_OF_MEMORY, Action.ESCALATE);
        map.put(JobState.TIMEOUT, Action.ESCALATE);
        // A deadline (--deadline) passes for every level alike; a bug or a cancel is not fixed by resources.
        map.put(JobState.DEADLINE, Action.NO_RETRY);
        map.put(JobState.FAILED, Action.NO_RETRY);
        map.put(JobState.CANCELLED, Action.NO_RETRY);
        // The node or the scheduler failed, not the task: the same level deserves another try.
        map.put(JobState.NODE_FAIL, Action.RETRY);
        map.put(JobState.PREEMPTED, Action.RETRY);
        map.put(JobState.BOOT_FAIL, Action.RETRY);
        // A federation sibling was removed: the task ran (or will run) elsewhere.
        map.put(JobState.REVOKED, Action.NO_RETRY);
        return java.util.Collections.unmodifiableMap(map);
    }
}
