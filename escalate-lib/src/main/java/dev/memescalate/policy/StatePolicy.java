package dev.memescalate.policy;

import dev.memescalate.indexset.IndexSet;
import dev.memescalate.slurm.ExitCode;
import dev.memescalate.slurm.JobState;
import dev.memescalate.slurm.TaskAccounting;
import dev.memescalate.slurm.TaskRecord;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What to do with a task given the state and exit code Slurm reported on its allocation row. Immutable; every
 * invalid argument is rejected by the constructor with a message naming it.
 *
 * <p>Order of decision, for one task:
 *
 * <ol>
 *   <li>no row yet (accounting lags up to ~3 s) or a non-terminal state: {@link Outcome#NOT_FINISHED};
 *   <li>a state this build does not know: {@link Outcome#UNKNOWN}, never success;
 *   <li>COMPLETED with exit code 0:0: {@link Outcome#COMPLETED}. No rule can override it: Slurm says COMPLETED only
 *       when every process exited 0, so there is nothing a rule could know better. (That is why a rule {@code 0}
 *       or {@code 0:0} is rejected: it could only match failures Slurm reports as 0:0 — TIMEOUT, CANCELLED,
 *       NODE_FAIL — and would hide their state actions.) COMPLETED with any other exit code contradicts Slurm's
 *       definition; it is not trusted as success and goes on to the rules like a failure;
 *   <li>the first exit-code rule, in config order, that matches the row's {@code rc:signal}: so {@code 137: escalate}
 *       makes FAILED 137:0 ESCALATE and {@code 0:9: escalate} makes FAILED 0:9 (a SIGKILL, the kernel OOM kill on
 *       clusters without cgroup memory limits) ESCALATE;
 *   <li>the action of the state: OUT_OF_MEMORY 0:125 is escalated by its state unless a rule matches 0:125;
 *   <li>any other terminal state: {@link Outcome#FAILED}, final.
 * </ol>
 *
 * <p>Only the allocation row is classified. Its exit code is the batch script's; the {@code .batch} step repeats it
 * for FAILED and OUT_OF_MEMORY and shows {@code CANCELLED 0:15} for TIMEOUT, which adds nothing.
 */
public record StatePolicy(Map<JobState, Action> stateActions, List<ExitCodeRule> exitCodeRules) {

    public StatePolicy {
        Objects.requireNonNull(stateActions, "stateActions");
        Objects.requireNonNull(exitCodeRules, "exitCodeRules");
        // new EnumMap<>(Map) throws on an empty plain map, so copy entry by entry; EnumMap keeps Slurm's order.
        EnumMap<JobState, Action> copy = new EnumMap<>(JobState.class);
        for (Map.Entry<JobState, Action> entry : stateActions.entrySet()) {
            JobState state = Objects.requireNonNull(entry.getKey(), "state in stateActions");
            Action action = Objects.requireNonNull(entry.getValue(), "action of state " + state);
            boolean isFailureState = state.isTerminal() && state != JobState.COMPLETED;
            if (!isFailureState) {
                throw new IllegalArgumentException("stateActions: an action can only be given for a terminal failure "
                        + "state (" + failureStates() + "), got " + state + ": " + action.configName());
            }
            copy.put(state, action);
        }
        stateActions = Collections.unmodifiableMap(copy);
        exitCodeRules = List.copyOf(exitCodeRules);
        for (ExitCodeRule rule : exitCodeRules) {
            if (rule.matchesOnlySuccessCode()) {
                throw new IllegalArgumentException("exitCodeRules: rule '" + rule.pattern() + "' matches exit code 0:0, "
                        + "which a COMPLETED task has and TIMEOUT, CANCELLED and NODE_FAIL report too; a rule cannot "
                        + "override COMPLETED, and for the others use a state action instead");
            }
        }
    }

    /**
     * The defaults: resource failures escalate, node-side failures retry at the same level, everything else is final.
     * No exit-code rules (add {@code 0:9: escalate} on clusters that kill over-memory tasks with SIGKILL).
     */
    public static StatePolicy defaults() {
        Map<JobState, Action> actions = new LinkedHashMap<>();
        // More memory or more time is exactly what the next level gives.
        actions.put(JobState.OUT_OF_MEMORY, Action.ESCALATE);
        actions.put(JobState.TIMEOUT, Action.ESCALATE);
        // A deadline (--deadline) passes for every level alike; a bug or a cancel is not fixed by resources.
        actions.put(JobState.DEADLINE, Action.NO_RETRY);
        actions.put(JobState.FAILED, Action.NO_RETRY);
        actions.put(JobState.CANCELLED, Action.NO_RETRY);
        // The node or the scheduler failed, not the task: the same level deserves another try.
        actions.put(JobState.NODE_FAIL, Action.RETRY);
        actions.put(JobState.PREEMPTED, Action.RETRY);
        actions.put(JobState.BOOT_FAIL, Action.RETRY);
        // A federation sibling was removed: the task ran (or will run) elsewhere.
        actions.put(JobState.REVOKED, Action.NO_RETRY);
        // No exit-code rules by default: the state alone decides.
        return new StatePolicy(actions, List.of());
    }

    /** Classifies one task; {@code task} is empty when sacct has no row for it yet. */
    public Classification classify(Optional<TaskRecord> task) {
        if (task.isEmpty()) {
            return new Classification(Outcome.NOT_FINISHED, "no sacct row yet");
        }
        TaskRecord record = task.get();
        return classify(record.state(), record.allocation().stateText(), record.exitCode());
    }

    /** Classifies a state and exit code; {@code stateText} is the State column as printed, for the reason. */
    public Classification classify(JobState state, String stateText, ExitCode exitCode) {
        String seen = "state " + stateText + " " + exitCode;
        if (state == JobState.UNKNOWN) {
            return new Classification(Outcome.UNKNOWN, seen + ": not a state this tool knows");
        }
        if (!state.isTerminal()) {
            return new Classification(Outcome.NOT_FINISHED, seen + ": not finished");
        }
        boolean isSuccess = state == JobState.COMPLETED && exitCode.isSuccess();
        if (isSuccess) {
            return new Classification(Outcome.COMPLETED, seen);
        }
        for (ExitCodeRule rule : exitCodeRules) {
            if (rule.matches(exitCode.returnCode(), exitCode.signal())) {
                return new Classification(outcomeOf(rule.action()),
                        seen + ": exit-code rule " + rule.pattern() + " -> " + rule.action().configName(),
                        Raise.ofExitCodeRule(state, exitCode));
            }
        }
        Action stateAction = stateActions.get(state);
        if (stateAction != null) {
            return new Classification(outcomeOf(stateAction), seen + " -> " + stateAction.configName(),
                    Raise.ofState(state));
        }
        String why = state == JobState.COMPLETED
                ? ": COMPLETED with a non-zero exit code contradicts Slurm, not trusted as success -> final failure"
                : ": no action configured -> final failure";
        return new Classification(Outcome.FAILED, seen + why);
    }

    /** Classifies every expected index of a folded sacct answer, in index order; missing ones are NOT_FINISHED. */
    public Map<Integer, Classification> classifyAll(TaskAccounting accounting) {
        IndexSet expected = accounting.expected();
        Map<Integer, Classification> result = new LinkedHashMap<>(expected.size() * 2);
        for (int index : expected.toArray()) {
            result.put(index, classify(accounting.task(index)));
        }
        return Collections.unmodifiableMap(result);
    }

    private static Outcome outcomeOf(Action action) {
        return switch (action) {
            case ESCALATE -> Outcome.ESCALATE;
            case RETRY -> Outcome.RETRY_SAME_LEVEL;
            case NO_RETRY -> Outcome.FAILED;
        };
    }

    private static String failureStates() {
        StringBuilder names = new StringBuilder();
        for (JobState state : JobState.values()) {
            if (state.isTerminal() && state != JobState.COMPLETED) {
                names.append(names.length() == 0 ? "" : ", ").append(state);
            }
        }
        return names.toString();
    }
}
