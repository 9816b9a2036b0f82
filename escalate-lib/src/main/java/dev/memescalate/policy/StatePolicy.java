package dev.memescalate.policy;

import dev.memescalate.slurm.JobState;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What to do with a task given the state and exit code Slurm reported. Immutable.
 *
 * <p>PLACEHOLDER: classification and defaults are filled in by the policy work.
 */
public record StatePolicy(Map<JobState, Action> stateActions, List<ExitCodeRule> exitCodeRules) {
    public StatePolicy {
        stateActions = Map.copyOf(new EnumMap<>(stateActions));
        exitCodeRules = List.copyOf(exitCodeRules);
    }
}
