package dev.memescalate.slurm;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the job id from {@code sbatch --parsable} output. Pure. */
public final class SbatchOutput {

    /** {@code --parsable} prints {@code 123}, or {@code 123;cluster} on a multi-cluster (federated) setup. */
    private static final Pattern PARSABLE = Pattern.compile("(\\d+)(;\\S+)?");

    private SbatchOutput() {}

    /**
     * The job id from the last non-blank line of stdout (sbatch may print warnings before it on some sites).
     *
     * @throws IllegalArgumentException when no line has the {@code --parsable} form
     */
    public static String parseJobId(String stdout) {
        String[] lines = stdout.strip().split("\n");
        String last = lines[lines.length - 1].strip();
        Matcher m = PARSABLE.matcher(last);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "sbatch --parsable printed no job id (expected '123' or '123;cluster'), got: '" + stdout.strip()
                            + "'");
        }
        return m.group(1);
    }
}
