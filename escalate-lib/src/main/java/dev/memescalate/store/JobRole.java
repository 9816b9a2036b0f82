package dev.memescalate.store;

/** What a submitted Slurm job is for. Stored by name. */
public enum JobRole {
    /** (A part of) the user's job array for a round. */
    ARRAY,
    /** The handler job that reads sacct after the round's array parts and decides. */
    HANDLER,
    /**
     * Ran the round's handler when its single array fully succeeded (afterok), beside a HANDLER with afternotok.
     * Rounds are no longer planned so (one HANDLER runs afterany); kept to read stores written that way.
     */
    FINALIZER,
    /**
     * Runs the round's handler again when the handler job before it failed (afternotok: killed for memory or time,
     * its node lost), with twice its memory and time; removed by Slurm when that job succeeds.
     */
    GUARD
}
