package dev.memescalate.store;

/** The one final outcome of a task in a chain. Stored by name. */
public enum FinalOutcome {
    /** An attempt ended successfully. */
    COMPLETED,
    /** An attempt failed for a reason more resources will not fix. */
    FAILED,
    /** It still failed for want of resources at the top of the ladder (or ran out of same-level retries). */
    EXHAUSTED,
    /** The user cancelled the chain before the task finished. */
    CANCELLED
}
