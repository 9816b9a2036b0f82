package dev.memescalate.store;

/** Where a chain (one {@code mem-escalate submit}) stands. Stored by name. */
public enum ChainStatus {
    /** Recorded; its first round is being submitted. */
    SUBMITTING,
    /** At least one round is in Slurm or being decided. */
    RUNNING,
    /** Every task ended COMPLETED. */
    COMPLETED,
    /** Every task has a final outcome and at least one is FAILED or EXHAUSTED. */
    COMPLETED_WITH_FAILURES,
    /** The user cancelled the chain. */
    CANCELLED,
    /** The tool itself could not go on (for example sbatch kept failing); tasks may lack a final outcome. */
    FAILED;

    /** True for the statuses a chain never leaves. */
    public boolean isTerminal() {
        return this != SUBMITTING && this != RUNNING;
    }
}
