package dev.memescalate.store;

/**
 * A job's submission state. A job is recorded INTENDED before sbatch runs, so a crash between sbatch and the
 * record can be detected: a SUBMITTING job with an old claim is one whose submitter may have died. Stored by name.
 */
public enum JobStatus {
    /** Recorded, not yet claimed by a submitter. */
    INTENDED,
    /** Claimed by a submitter that is running sbatch. */
    SUBMITTING,
    /** sbatch returned a job id. */
    SUBMITTED,
    /** sbatch failed for good. */
    SUBMIT_FAILED,
    /** Cancelled (scancel), or never to be submitted because the chain was cancelled. */
    CANCELLED
}
