package dev.memescalate.policy;

import java.util.OptionalInt;

/**
 * A rule on sacct's {@code ExitCode} column, {@code rc:signal}. An empty field matches anything: {@code 137}
 * matches return code 137 with any signal, {@code 0:9} a task killed by SIGKILL (a kernel OOM kill on clusters
 * without cgroup memory limits), {@code *:9} any return code with signal 9.
 */
public record ExitCodeRule(OptionalInt returnCode, OptionalInt signal, Action action) {
    public ExitCodeRule {
        if (returnCode.isEmpty() && signal.isEmpty()) {
            throw new IllegalArgumentException("an exit-code rule must name a return code, a signal or both");
        }
    }

    /**
     * True for {@code 0} and {@code 0:0}: they match only the code of a COMPLETED task (never overridable) and the
     * 0:0 that sacct also reports for TIMEOUT, CANCELLED and NODE_FAIL, which state actions decide.
     */
    public boolean matchesOnlySuccessCode() {
        return returnCode.isPresent() && returnCode.getAsInt() == 0 && (signal.isEmpty() || signal.getAsInt() == 0);
    }

    public boolean matches(int rc, int sig) {
        return (returnCode.isEmpty() || returnCode.getAsInt() == rc)
                && (signal.isEmpty() || signal.getAsInt() == sig);
    }

    /** The rule as written in a config: {@code 137}, {@code 0:9}, {@code *:9}. */
    public String pattern() {
        String rc = returnCode.isPresent() ? Integer.toString(returnCode.getAsInt()) : "*";
        return signal.isPresent() ? rc + ":" + signal.getAsInt() : rc;
    }
}
