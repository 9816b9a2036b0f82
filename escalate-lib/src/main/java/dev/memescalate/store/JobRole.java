package dev.memescalate.store;

/** What a submitted Slurm job is for. Stored by name. */
public enum JobRole {
    /** (A part of) the user's job array for a round. */
    ARRAY,
    /** The handler job that reads sacct after the round's array parts and decides. */
    HANDLER,
    /** The job that closes a chain (report, final status). */
    FINALIZER
}
