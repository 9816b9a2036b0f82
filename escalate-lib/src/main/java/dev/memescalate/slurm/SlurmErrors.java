package dev.memescalate.slurm;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Reads Slurm's stderr: is a failure transient, which lines to quote to the user. Pure. */
public final class SlurmErrors {

    /**
     * Texts that mean slurmctld or slurmdbd could not be reached or did not answer in time; the same command may
     * succeed later. Matched case-insensitively anywhere in stderr. A client without any configuration ("Could not
     * establish a configuration source") and "Slurm accounting storage is disabled" are permanent: they are
     * deliberately not here.
     */
    static final List<String> TRANSIENT_MARKERS = List.of(
            "unable to contact slurm controller",
            "socket timed out on send/recv operation",
            "zero bytes were transmitted or received",
            "connection refused",
            "connection timed out",
            "communication connection failure",
            "slurm temporarily unable to accept job",
            "slurm backup controller in standby mode",
            "problem talking to the database",
            "failed to open persistent connection",
            "transport endpoint is not connected");

    /**
     * What scancel 22.05 prints (exit 1) for a job that already ended: "Job/step already completing or
     * completed" while slurmctld still remembers it, "Invalid job id specified" once it was purged (MinJobAge).
     */
    private static final Pattern CANCEL_OF_ENDED_JOB = Pattern.compile(
            "scancel: error: Kill job error on job id \\S+: "
                    + "(Job/step already completing or completed|Invalid job id specified)");

    private SlurmErrors() {}

    public static boolean isTransient(String stderr) {
        String lower = stderr.toLowerCase(Locale.ROOT);
        return TRANSIENT_MARKERS.stream().anyMatch(lower::contains);
    }

    /** The non-blank lines of stderr, stripped: what to quote when telling the user why a command failed. */
    public static List<String> messageLines(String stderr) {
        return Arrays.stream(stderr.split("\n")).map(String::strip).filter(line -> !line.isEmpty()).toList();
    }

    /**
     * True when every error line of scancel's stderr says the job had already ended or is unknown, i.e. there
     * was nothing left to cancel. Informational lines ({@code scancel: Terminating job 17} with {@code -v}) are
     * ignored; any other error line, or no error line at all, means a real failure.
     */
    public static boolean onlyEndedJobs(String scancelStderr) {
        List<String> errorLines = messageLines(scancelStderr).stream()
                .filter(line -> line.contains("error:") || line.contains("fatal:"))
                .toList();
        return !errorLines.isEmpty()
                && errorLines.stream().allMatch(line -> CANCEL_OF_ENDED_JOB.matcher(line).matches());
    }

    /**
     * A complete message for a failed command that quotes Slurm's own lines, e.g.
     * <pre>
     * sbatch failed (exit 1):
     *   sbatch: error: Memory specification can not be satisfied
     *   sbatch: error: Batch job submission failed: Requested node configuration is not available
     * </pre>
     */
    public static String describeFailure(String program, int exitCode, String stderr) {
        List<String> lines = messageLines(stderr);
        StringBuilder message = new StringBuilder(program).append(" failed (exit ").append(exitCode).append(')');
        if (lines.isEmpty()) {
            return message.append(" and printed no error message").toString();
        }
        message.append(':');
        lines.forEach(line -> message.append("\n  ").append(line));
        return message.toString();
    }
}
