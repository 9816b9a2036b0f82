package dev.memescalate.ladder;

import dev.memescalate.InvalidInputException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A memory amount as Slurm's {@code --mem} takes it, held in whole megabytes (Slurm's unit: a plain number is MB).
 *
 * <p>Accepted text ({@link #parse}): a whole number with an optional suffix {@code K}, {@code M}, {@code G} or
 * {@code T}, in either case, optionally followed by {@code B} ({@code 512}, {@code 512M}, {@code 512MB},
 * {@code 2G}, {@code 2gb}, {@code 1T}, {@code 1024K}). Units are binary as in Slurm: 1G = 1024M, 1M = 1024K.
 * Kilobytes round UP to whole megabytes. This is exactly the language of Slurm's {@code str_to_mbytes}
 * (src/common/proc_args.c), which sbatch uses for {@code --mem}: digits, then optionally one of K/M/G/T (any case)
 * and an optional B; no blank, no fraction ({@code 1.5G} is rejected, write {@code 1536M}), no bare {@code B}.
 */
public record MemorySize(long megabytes) implements Comparable<MemorySize> {
    private static final Pattern FORM = Pattern.compile("(\\d+)(?:([KMGT])B?)?", Pattern.CASE_INSENSITIVE);
    private static final String VALID_FORMS =
            "a whole number of megabytes (512) or a whole number with a unit K, M, G or T (1024K, 512M, 2G, 1T)";

    public MemorySize {
        if (megabytes <= 0) {
            throw new IllegalArgumentException("memory must be > 0 MB, got " + megabytes);
        }
    }

    public static MemorySize ofMegabytes(long megabytes) {
        return new MemorySize(megabytes);
    }

    /**
     * Parses memory as sbatch's {@code --mem} takes it.
     *
     * @throws InvalidInputException naming the bad text and the valid forms
     */
    public static MemorySize parse(String text) {
        String trimmed = text == null ? "" : text.strip();
        Matcher m = FORM.matcher(trimmed);
        if (!m.matches()) {
            String hint = trimmed.matches("\\d*\\.\\d+[KMGTkmgt]?[Bb]?")
                    ? " (fractions are not accepted, as in sbatch: use a smaller unit, e.g. 1536M for 1.5G)"
                    : "";
            throw new InvalidInputException("invalid memory '" + trimmed + "'" + hint + "; write " + VALID_FORMS);
        }
        String unit = m.group(2) == null ? "M" : m.group(2).toUpperCase(Locale.ROOT);
        long megabytes;
        try {
            long amount = Long.parseLong(m.group(1));
            megabytes = switch (unit) {
                case "K" -> Math.addExact(amount, 1023) / 1024;
                case "M" -> amount;
                case "G" -> Math.multiplyExact(amount, 1024L);
                case "T" -> Math.multiplyExact(amount, 1024L * 1024);
                default -> throw new IllegalStateException("unit " + unit);
            };
        } catch (ArithmeticException | NumberFormatException tooLarge) {
            throw new InvalidInputException("memory '" + trimmed + "' is too large; write " + VALID_FORMS);
        }
        if (megabytes <= 0) {
            throw new InvalidInputException("memory '" + trimmed + "' is zero; a level needs more than 0 MB"
                    + " (Slurm reads --mem=0 as 'all the memory of the node')");
        }
        return new MemorySize(megabytes);
    }

    /** The {@code --mem} value: whole gigabytes as {@code 2G}, else megabytes as {@code 1536M}. */
    public String toSlurm() {
        return megabytes % 1024 == 0 ? (megabytes / 1024) + "G" : megabytes + "M";
    }

    @Override
    public int compareTo(MemorySize other) {
        return Long.compare(megabytes, other.megabytes);
    }

    @Override
    public String toString() {
        return toSlurm();
    }
}
