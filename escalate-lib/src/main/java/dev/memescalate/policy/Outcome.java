package dev.memescalate.policy;

/** The one outcome of one task attempt, decided by the {@link StatePolicy} from its sacct row. */
public enum Outcome {
    /** Ended successfully. */
    COMPLETED,
    /** Failed for want of resources: resubmit at the next level. */
    ESCALATE,
    /** Failed for a reason outside the task (node failure, preemption): resubmit at the same level. */
    RETRY_SAME_LEVEL,
    /** Failed for a reason more resources will not fix: final. */
    FAILED,
    /** Pending, running, or not yet in accounting: ask again later. */
    NOT_FINISHED,
    /** A state this tool does not know: never success; the caller decides (usually: ask again, then fail). */
    UNKNOWN
}
