package dev.memescalate.ladder;

import dev.memescalate.InvalidInputException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A wall-clock limit as Slurm's {@code --time} takes it, held in seconds. Slurm rounds up to whole minutes.
 *
 * <p>Accepted text ({@link #parse}), the forms of sbatch's {@code --time}: {@code MM} (minutes), {@code MM:SS},
 * {@code HH:MM:SS}, {@code D-HH}, {@code D-HH:MM}, {@code D-HH:MM:SS}. The first field may be any size
 * ({@code 90} minutes, {@code 36:00:00}); later fields must stay below 60 (minutes, seconds) or 24 (hours after
 * days), so a typo like {@code 1:75} is caught rather than silently reinterpreted. {@code UNLIMITED},
 * {@code INFINITE} and {@code 0} (Slurm's "no limit") are rejected: a level needs a finite limit, otherwise
 * escalating to it gains nothing and the job may wait forever on a partition's MaxTime.
 */
public record TimeLimit(long seconds) implements Comparable<TimeLimit> {
    private static final Pattern DAYS_FORM = Pattern.compile("(\\d+)-(\\d+)(?::(\\d+))?(?::(\\d+))?");
    private static final Pattern CLOCK_FORM = Pattern.compile("(\\d+)(?::(\\d+))?(?::(\\d+))?");
    private static final String VALID_FORMS =
            "minutes (30), MM:SS (30:00), HH:MM:SS (1:00:00), D-HH (1-12), D-HH:MM (1-12:30) or D-HH:MM:SS (2-00:00:00)";

    public TimeLimit {
        if (seconds <= 0) {
            throw new IllegalArgumentException("time limit must be > 0 s, got " + seconds);
        }
    }

    public static TimeLimit ofMinutes(long minutes) {
        return new TimeLimit(minutes * 60);
    }

    /**
     * Parses a limit as sbatch's {@code --time} takes it.
     *
     * @throws InvalidInputException naming the bad text and the valid forms
     */
    public static TimeLimit parse(String text) {
        String trimmed = text == null ? "" : text.strip();
        String upper = trimmed.toUpperCase(Locale.ROOT);
        if (upper.equals("UNLIMITED") || upper.equals("INFINITE")) {
            throw new InvalidInputException("time '" + trimmed + "' is not allowed; a level needs a finite limit: "
                    + VALID_FORMS);
        }
        long seconds = parseSeconds(trimmed);
        if (seconds == 0) {
            throw new InvalidInputException("time '" + trimmed + "' is zero (Slurm reads 0 as no limit); a level"
                    + " needs a finite limit of at least 1 second: " + VALID_FORMS);
        }
        return new TimeLimit(seconds);
    }

    /**
     * The seconds a Slurm time in one of the forms above stands for, {@code 0} included: the grammar alone, for
     * readers of Slurm's own output (a partition's {@code MaxTime}) that give {@code 0} and {@code UNLIMITED}
     * their own meaning. {@link #parse} adds what a level needs: a finite, non-zero limit.
     *
     * @throws InvalidInputException naming the bad text and the valid forms
     */
    public static long parseSeconds(String text) {
        String trimmed = text == null ? "" : text.strip();
        try {
            return toSeconds(trimmed);
        } catch (NumberFormatException | ArithmeticException tooLarge) {
            throw new InvalidInputException("time '" + trimmed + "' is too large; write " + VALID_FORMS);
        }
    }

    private static long toSeconds(String text) {
        Matcher days = DAYS_FORM.matcher(text);
        if (days.matches()) {
            long d = Long.parseLong(days.group(1));
            long h = below(days.group(2), 24, "hours", text);
            long m = days.group(3) == null ? 0 : below(days.group(3), 60, "minutes", text);
            long s = days.group(4) == null ? 0 : below(days.group(4), 60, "seconds", text);
            return Math.addExact(Math.multiplyExact(d, 86_400L), h * 3600 + m * 60 + s);
        }
        Matcher clock = CLOCK_FORM.matcher(text);
        if (!clock.matches()) {
            throw new InvalidInputException("invalid time '" + text + "'; write " + VALID_FORMS);
        }
        long first = Long.parseLong(clock.group(1));
        if (clock.group(2) == null) {
            return Math.multiplyExact(first, 60L); // a bare number is minutes
        }
        if (clock.group(3) == null) {
            return Math.addExact(Math.multiplyExact(first, 60L), below(clock.group(2), 60, "seconds", text));
        }
        long m = below(clock.group(2), 60, "minutes", text);
        long s = below(clock.group(3), 60, "seconds", text);
        return Math.addExact(Math.multiplyExact(first, 3600L), m * 60 + s);
    }

    private static long below(String field, int limit, String name, String text) {
        long value = Long.parseLong(field);
        if (value >= limit) {
            throw new InvalidInputException("invalid time '" + text + "': " + name + " must be below " + limit
                    + "; write " + VALID_FORMS);
        }
        return value;
    }

    public Duration toDuration() {
        return Duration.ofSeconds(seconds);
    }

    /** Whole minutes, rounded up as slurmctld does. */
    public long minutesRoundedUp() {
        return (seconds + 59) / 60;
    }

    /** The {@code --time} value: {@code D-HH:MM:SS} from a day on, else {@code HH:MM:SS}. */
    public String toSlurm() {
        long days = seconds / 86_400;
        long h = seconds % 86_400 / 3600;
        long m = seconds % 3600 / 60;
        long s = seconds % 60;
        String hms = String.format("%02d:%02d:%02d", h, m, s);
        return days > 0 ? days + "-" + hms : hms;
    }

    @Override
    public int compareTo(TimeLimit other) {
        return Long.compare(seconds, other.seconds);
    }

    @Override
    public String toString() {
        return toSlurm();
    }
}
