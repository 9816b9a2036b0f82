package dev.memescalate.config;

import dev.memescalate.InvalidInputException;
import dev.memescalate.ladder.TimeLimit;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations for settings such as {@code sacct_timeout}: {@code 600s}, {@code 10m}, {@code 2h}, {@code 1d}, or a Slurm time. */
final class ConfigDurations {
    private static final Pattern WITH_UNIT = Pattern.compile("(\\d+)\\s*([smhd])", Pattern.CASE_INSENSITIVE);
    static final String VALID_FORMS = "a number with a unit s, m, h or d (600s, 10m, 2h) or a Slurm time"
            + " (10 = minutes, 10:00 = MM:SS, 1:00:00, 1-0)";

    private ConfigDurations() {
    }

    static Duration parse(String text) {
        String trimmed = text.strip();
        Matcher m = WITH_UNIT.matcher(trimmed);
        if (m.matches()) {
            try {
                long amount = Long.parseLong(m.group(1));
                if (amount == 0) {
                    throw new InvalidInputException("duration '" + trimmed + "' is zero; write a positive "
                            + VALID_FORMS);
                }
                return switch (m.group(2).toLowerCase(Locale.ROOT)) {
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> Duration.ofDays(amount);
                };
            } catch (NumberFormatException | ArithmeticException tooLarge) { // Duration.ofDays overflows too
                throw new InvalidInputException("duration '" + trimmed + "' is too large; write " + VALID_FORMS);
            }
        }
        try {
            return TimeLimit.parse(trimmed).toDuration();
        } catch (InvalidInputException notSlurmTime) {
            throw new InvalidInputException("invalid duration '" + trimmed + "'; write " + VALID_FORMS);
        }
    }
}
