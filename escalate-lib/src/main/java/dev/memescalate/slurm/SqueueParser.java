package dev.memescalate.slurm;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Parses the output of squeue run with {@link #FORMAT}. Pure. */
public final class SqueueParser {

    /**
     * squeue's {@code -o} format: job id, array job id, state, reason, dependency, name. A field without a width
     * is printed in full. The name comes last because it is the only field a user chooses, so a {@code |} in a
     * name cannot shift the other columns.
     */
    public static final String FORMAT = "%i|%F|%T|%r|%E|%j";

    private static final int FIELDS = 6;

    private SqueueParser() {}

    /** One {@link QueuedJob} per non-blank line of {@code squeue -h -o FORMAT} output. */
    public static List<QueuedJob> parse(String stdout) {
        List<QueuedJob> jobs = new ArrayList<>();
        for (String line : stdout.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\\|", FIELDS);
            if (f.length != FIELDS) {
                throw new IllegalArgumentException(
                        "squeue line has " + f.length + " fields, expected " + FIELDS + " (format " + FORMAT + "): "
                                + line);
            }
            Optional<String> dependency = f[4].equals("(null)") || f[4].isEmpty() ? Optional.empty() : Optional.of(f[4]);
            jobs.add(new QueuedJob(f[0], f[1], f[5], JobState.parse(f[2]), f[3], dependency));
        }
        return List.copyOf(jobs);
    }
}
