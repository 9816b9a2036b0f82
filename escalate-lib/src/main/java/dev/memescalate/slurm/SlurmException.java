package dev.memescalate.slurm;

import java.util.List;

/**
 * A Slurm command failed: it exited non-zero, timed out, or could not be started. Carries the argv, the exit code
 * and the command's own stderr, so a message to the user can quote Slurm's words.
 *
 * <p>{@link #isTransient()} says whether the same command may succeed if run again later (the controller or the
 * accounting daemon could not be reached, a timeout); a rejection (invalid partition, memory that no node has, a
 * bad array spec) is permanent and retrying it is pointless.
 */
public class SlurmException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Exit code used when the command did not exit by itself (it timed out or could not be started). */
    public static final int NO_EXIT_CODE = -1;

    private final List<String> argv;
    private final int exitCode;
    private final String stderr;
    private final boolean transientFailure;

    public SlurmException(String message, List<String> argv, int exitCode, String stderr, boolean transientFailure) {
        this(message, argv, exitCode, stderr, transientFailure, null);
    }

    public SlurmException(
            String message, List<String> argv, int exitCode, String stderr, boolean transientFailure, Throwable cause) {
        super(message, cause);
        this.argv = List.copyOf(argv);
        this.exitCode = exitCode;
        this.stderr = stderr;
        this.transientFailure = transientFailure;
    }

    public List<String> argv() {
        return argv;
    }

    /** The command's exit code, or {@link #NO_EXIT_CODE} when it timed out or never started. */
    public int exitCode() {
        return exitCode;
    }

    public String stderr() {
        return stderr;
    }

    /** True when running the same command again later may succeed (contact failures, timeouts). */
    public boolean isTransient() {
        return transientFailure;
    }
}
