package dev.memescalate.slurm;

import java.util.Locale;

/**
 * Job and array-task states as Slurm reports them (man sacct, "JOB STATE CODES"; squeue adds the transient ones).
 *
 * <p>A terminal state will not change again for that attempt. {@link #UNKNOWN} stands for any string Slurm may add
 * in a later release: it is never treated as success.
 */
public enum JobState {
    /** Terminated due to launch failure, typically a hardware failure. */
    BOOT_FAIL(true),
    /** Cancelled by the user or an administrator ("CANCELLED by 1234" in sacct). */
    CANCELLED(true),
    /** All processes on all nodes ended with exit code 0. */
    COMPLETED(true),
    /** Terminated on reaching its deadline. */
    DEADLINE(true),
    /** Ended with a non-zero exit code or another failure. */
    FAILED(true),
    /** Terminated because one of its nodes failed. */
    NODE_FAIL(true),
    /** Killed by the kernel's out-of-memory handling (cgroup memory limit). */
    OUT_OF_MEMORY(true),
    /** Preempted by a higher-priority job (terminal for this attempt unless requeued). */
    PREEMPTED(true),
    /** Sibling was removed from a federated cluster. */
    REVOKED(true),
    /** Ran past its time limit. */
    TIMEOUT(true),
    /** Awaiting resources or a dependency. */
    PENDING(false),
    /** Allocated and running. */
    RUNNING(false),
    /** Requeued: it will run again under the same id. */
    REQUEUED(false),
    /** Requeued while held. */
    REQUEUE_HOLD(false),
    /** Requeued because of a federation sibling. */
    REQUEUE_FED(false),
    /** Changing size. */
    RESIZING(false),
    /** Execution suspended, resources released to other jobs. */
    SUSPENDED(false),
    /** Execution stopped by SIGSTOP, resources retained. */
    STOPPED(false),
    /** Allocated, nodes booting. */
    CONFIGURING(false),
    /** In the process of completing: some processes may still be active. */
    COMPLETING(false),
    /** Held because its reservation was deleted. */
    RESV_DEL_HOLD(false),
    /** Requeued with a special exit value. */
    SPECIAL_EXIT(false),
    /** Being signalled. */
    SIGNALING(false),
    /** Staging out data (burst buffer). */
    STAGE_OUT(false),
    /** Any state string this build does not know. Never success; not terminal. */
    UNKNOWN(false);

    private final boolean terminal;

    JobState(boolean terminal) {
        this.terminal = terminal;
    }

    /** True when the attempt is over and its state will not change. */
    public boolean isTerminal() {
        return terminal;
    }

    /**
     * Parses sacct's State column. Only the first word counts: sacct prints {@code CANCELLED by 1234}, and
     * some versions append a {@code +} to states of requeued jobs.
     */
    public static JobState parse(String text) {
        if (text == null) {
            return UNKNOWN;
        }
        String trimmed = text.strip();
        int space = trimmed.indexOf(' ');
        String word = space < 0 ? trimmed : trimmed.substring(0, space);
        if (word.endsWith("+")) {
            word = word.substring(0, word.length() - 1);
        }
        return lookup(word).orElse(UNKNOWN);
    }

    /** The state with exactly this name (case-insensitive), for config keys; empty when there is none. */
    public static java.util.Optional<JobState> lookup(String name) {
        if (name == null || name.isEmpty()) {
            return java.util.Optional.empty();
        }
        try {
            JobState state = valueOf(name.toUpperCase(Locale.ROOT));
            return state == UNKNOWN ? java.util.Optional.empty() : java.util.Optional.of(state);
        } catch (IllegalArgumentException notAState) {
            return java.util.Optional.empty();
        }
    }
}
