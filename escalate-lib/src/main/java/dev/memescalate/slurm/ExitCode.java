package dev.memescalate.slurm;

/**
 * sacct's {@code ExitCode} column, {@code rc:signal}: the return code of the batch script and the number of the
 * signal that ended it. Measured on 22.05: OOM under cgroup is {@code 0:125}; a task killed by SIGKILL {@code 0:9};
 * {@code exit 1} is {@code 1:0}; TIMEOUT and CANCELLED show {@code 0:0} on the allocation row.
 */
public record ExitCode(int returnCode, int signal) {
    public static final ExitCode SUCCESS = new ExitCode(0, 0);

    public ExitCode {
        if (returnCode < 0 || signal < 0) {
            throw new IllegalArgumentException("exit code parts must be >= 0, got " + returnCode + ":" + signal);
        }
    }

    /** Parses {@code 0:125}; throws {@link IllegalArgumentException} naming the text otherwise. */
    public static ExitCode parse(String text) {
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("exit code must be rc:signal, got '" + text + "'");
        }
        return new ExitCode(
                SacctValues.parseNonNegativeInt(text.substring(0, colon), "exit code return code"),
                SacctValues.parseNonNegativeInt(text.substring(colon + 1), "exit code signal"));
    }

    public boolean isSuccess() {
        return returnCode == 0 && signal == 0;
    }

    @Override
    public String toString() {
        return returnCode + ":" + signal;
    }
}
