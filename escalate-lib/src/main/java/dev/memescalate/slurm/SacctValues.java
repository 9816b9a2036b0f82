package dev.memescalate.slurm;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Parsers for single sacct fields. Each either returns a value (empty where sacct means "none") or throws
 * {@link IllegalArgumentException} naming the text, which the line parser turns into a rejected line.
 */
final class SacctValues {
    /** Unit letters in sacct's order; sacct's unit table ends at P and prints {@code ?} for anything larger. */
    private static final String UNITS = "KMGTP";

    private SacctValues() {}

    static boolean isAsciiDigit(int c) {
        return c >= '0' && c <= '9';
    }

    /** True for a non-empty string of at most {@code maxLength} ASCII digits (a plain loop: this is the hot path). */
    static boolean isDigits(String text, int maxLength) {
        if (text.isEmpty() || text.length() > maxLength) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (!isAsciiDigit(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static int parseNonNegativeInt(String text, String what) {
        boolean allDigits = isDigits(text, 9);
        if (!allDigits) {
            throw new IllegalArgumentException(what + " must be a non-negative whole number, got '" + text + "'");
        }
        return Integer.parseInt(text);
    }

    /**
     * Timelimit and Elapsed: {@code 1-02:03:04}, {@code 02:03:04}, {@code 03:04}, {@code 03:04.500}. Empty for
     * {@code UNLIMITED}, {@code Partition_Limit} (no limit of the job's own) and blank (step rows have no Timelimit).
     */
    static Optional<Duration> parseDuration(String text, String what) {
        boolean noValue = text.isEmpty() || text.equals("UNLIMITED") || text.equals("Partition_Limit");
        if (noValue) {
            return Optional.empty();
        }
        try {
            long days = 0;
            String clock = text;
            int dash = text.indexOf('-');
            if (dash >= 0) {
                days = parseNonNegativeInt(text.substring(0, dash), what);
                clock = text.substring(dash + 1);
            }
            String[] parts = clock.split(":", -1);
            if (parts.length < 2 || parts.length > 3) {
                throw new IllegalArgumentException("bad clock");
            }
            long hours = parts.length == 3 ? parseNonNegativeInt(parts[0], what) : 0;
            long minutes = parseNonNegativeInt(parts[parts.length - 2], what);
            String secondsText = parts[parts.length - 1];
            long millis = 0;
            int point = secondsText.indexOf('.');
            if (point >= 0) {
                String fraction = (secondsText.substring(point + 1) + "000").substring(0, 3);
                millis = parseNonNegativeInt(fraction, what);
                secondsText = secondsText.substring(0, point);
            }
            long seconds = parseNonNegativeInt(secondsText, what);
            long totalSeconds = ((days * 24 + hours) * 60 + minutes) * 60 + seconds;
            return Optional.of(Duration.ofSeconds(totalSeconds, millis * 1_000_000));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " must be [D-]HH:MM:SS, MM:SS, UNLIMITED or Partition_Limit, got '"
                    + text + "'", e);
        }
    }

    /**
     * ReqMem: {@code 200M}, {@code 2G}, {@code 1.50G}, {@code 4000Mc}, {@code 4000Mn}, blank on step rows. A bare
     * number is megabytes (sacct's base unit for ReqMem). A {@code ?} unit (seen as {@code 16?} on an array that was
     * held and cancelled before it started) is what sacct prints when the value is beyond its unit table, i.e. a
     * "no value" sentinel such as NO_VAL64 (2^64 MB = 16 units above P): read as unknown, empty.
     */
    static Optional<RequestedMemory> parseRequestedMemory(String text) {
        if (text.isEmpty() || text.endsWith("?")) {
            return Optional.empty();
        }
        boolean perCpu = text.endsWith("c");
        boolean perNode = text.endsWith("n");
        String amount = perCpu || perNode ? text.substring(0, text.length() - 1) : text;
        double bytes = parseScaled(amount, 2, "ReqMem");
        long megabytes = (long) Math.ceil(bytes / (1024.0 * 1024.0));
        return Optional.of(new RequestedMemory(megabytes, perCpu));
    }

    /**
     * MaxRSS in bytes: {@code 4648K}, {@code 1.50M}, {@code 2G}; a bare number is bytes (22.05 keeps step memory
     * usage in bytes: the JSON fixture's 4964352 is the text fixture's 4848K); blank (allocation rows, or no sample)
     * is empty.
     */
    static OptionalLong parseMaxRssBytes(String text) {
        if (text.isEmpty()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Math.round(parseScaled(text, 0, "MaxRSS")));
    }

    /** A number with an optional unit letter; {@code baseUnit} is the power of 1024 of a bare number (0 bytes, 2 MB). */
    private static double parseScaled(String text, int baseUnit, String what) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException(what + " is empty");
        }
        char last = text.charAt(text.length() - 1);
        int unit = UNITS.indexOf(Character.toUpperCase(last));
        boolean hasUnit = unit >= 0;
        String number = hasUnit ? text.substring(0, text.length() - 1) : text;
        int power = hasUnit ? unit + 1 : baseUnit;
        int point = number.indexOf('.');
        boolean wellFormed = point < 0 ? isDigits(number, 18)
                : point > 0 && point == number.lastIndexOf('.') && isDigits(number.substring(0, point), 18)
                        && (point == number.length() - 1 || isDigits(number.substring(point + 1), 18));
        if (!wellFormed) {
            throw new IllegalArgumentException(what + " must be a number with an optional K/M/G/T/P unit, got '" + text + "'");
        }
        double scale = 1;
        for (int i = 0; i < power; i++) {
            scale *= 1024;
        }
        return point < 0 ? Long.parseLong(number) * scale : Double.parseDouble(number) * scale;
    }

    /**
     * Submit/Start/End with {@code SLURM_TIME_FORMAT=standard}: {@code 2026-11-21T19:41:52}, local time of the
     * cluster. {@code Unknown} (not yet started/ended) and {@code None} are empty.
     */
    static Optional<LocalDateTime> parseTimestamp(String text, String what) {
        boolean noValue = text.isEmpty() || text.equals("Unknown") || text.equals("None");
        if (noValue) {
            return Optional.empty();
        }
        try {
            if (isStandardTimestamp(text)) {
                // Hand-parsed: this is the hot path (three per row, 300k rows for 100k tasks).
                return Optional.of(LocalDateTime.of(
                        digits(text, 0, 4), digits(text, 5, 7), digits(text, 8, 10),
                        digits(text, 11, 13), digits(text, 14, 16), digits(text, 17, 19)));
            }
            return Optional.of(LocalDateTime.parse(text));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(what + " must be a YYYY-MM-DDTHH:MM:SS time, Unknown or None, got '"
                    + text + "'", e);
        }
    }

    private static boolean isStandardTimestamp(String t) {
        if (t.length() != 19 || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != 'T'
                || t.charAt(13) != ':' || t.charAt(16) != ':') {
            return false;
        }
        for (int i = 0; i < 19; i++) {
            boolean separator = i == 4 || i == 7 || i == 10 || i == 13 || i == 16;
            if (!separator && !isAsciiDigit(t.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            value = value * 10 + (text.charAt(i) - '0');
        }
        return value;
    }

    /** The uid of {@code CANCELLED by 1234}; empty for any other state text. */
    static OptionalInt parseCancelledBy(String stateText) {
        String prefix = "CANCELLED by ";
        if (!stateText.startsWith(prefix)) {
            return OptionalInt.empty();
        }
        String uid = stateText.substring(prefix.length()).strip();
        boolean numeric = isDigits(uid, 9);
        return numeric ? OptionalInt.of(Integer.parseInt(uid)) : OptionalInt.empty();
    }

    /** NodeList: blank and {@code None assigned} (never ran) are the empty string. */
    static String parseNodeList(String text) {
        return text.equals("None assigned") ? "" : text;
    }
}
