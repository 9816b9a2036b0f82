package dev.memescalate.cli;

/** The exit codes of every mem-escalate command. */
public final class ExitCodes {
    /** Everything worked. */
    public static final int OK = 0;
    /** The work itself failed (a chain ended with failures, a Slurm command failed). */
    public static final int WORK_FAILED = 1;
    /** Invalid input: a bad option, config file, array spec or script. Nothing was submitted. */
    public static final int INVALID_INPUT = 2;
    /** Unexpected state: the store or the cluster is not as the command expected. */
    public static final int UNEXPECTED_STATE = 3;
    /** A bug in mem-escalate. */
    public static final int INTERNAL_ERROR = 4;

    private ExitCodes() {
    }
}
