package dev.memescalate.slurm;

import dev.memescalate.InvalidInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A generic resource: what a job asks for with {@code --gres=NAME[:TYPE][:COUNT]} and what a node has
 * ({@code scontrol show node}'s {@code Gres=NAME[:TYPE]:COUNT[(S:...)]}). Pure.
 *
 * @param name e.g. {@code gpu}
 * @param type e.g. {@code a100}; empty when not given (a request without a type takes any type)
 * @param count how many (a request without a count asks for 1)
 */
public record Gres(String name, Optional<String> type, long count) {
    /** A GRES name or type. */
    private static final Pattern WORD = Pattern.compile("[A-Za-z0-9_.-]+");
    /** A count, with Slurm's optional K/M/G suffix. */
    private static final Pattern COUNT = Pattern.compile("(\\d+)([KMG]?)");
    /** What scontrol adds after a node's count: the sockets the devices are bound to, {@code (S:0-1)}. */
    private static final Pattern SOCKETS = Pattern.compile("\\(S:[^)]*\\)");
    private static final String FORM = "NAME[:TYPE][:COUNT], comma separated (gpu:1, gpu:a100:2)";

    public Gres {
        if (count < 0) {
            throw new IllegalArgumentException("gres count must be >= 0, got " + count);
        }
    }

    /**
     * The items of a {@code --gres} value.
     *
     * @throws InvalidInputException naming the bad item and the form
     */
    public static List<Gres> parseRequest(String text) {
        if (text.isBlank()) {
            throw new InvalidInputException("gres '" + text + "' is empty; write " + FORM);
        }
        List<Gres> items = new ArrayList<>();
        for (String item : text.split(",", -1)) {
            // NAME, NAME:COUNT, NAME:TYPE or NAME:TYPE:COUNT: a last part that is a count is the count.
            String[] parts = item.strip().split(":", -1);
            Matcher count = COUNT.matcher(parts[parts.length - 1]);
            boolean counted = parts.length > 1 && count.matches();
            int words = counted ? parts.length - 1 : parts.length;
            boolean wellFormed = words >= 1 && words <= 2 && parts[0].matches("[A-Za-z].*")
                    && Arrays.stream(parts, 0, words).allMatch(p -> WORD.matcher(p).matches());
            if (!wellFormed) {
                throw new InvalidInputException("gres '" + text + "': '" + item + "' is not a generic resource;"
                        + " write " + FORM);
            }
            long n = counted ? scaled(count.group(1), count.group(2), text) : 1;
            if (n == 0) {
                throw new InvalidInputException("gres '" + text + "': '" + item + "' asks for 0; ask for at least"
                        + " 1, or leave the item out");
            }
            items.add(new Gres(parts[0], words == 2 ? Optional.of(parts[1]) : Optional.empty(), n));
        }
        return List.copyOf(items);
    }

    /**
     * What a node has, from scontrol's {@code Gres=} field: {@code (null)} or empty for none, else items such as
     * {@code gpu:2}, {@code gpu:tesla:2(S:0-1)}, {@code fpga:2}. An item without a count counts 1.
     */
    public static List<Gres> parseNode(String field) {
        String text = field.strip();
        if (text.isEmpty() || text.equals("(null)")) {
            return List.of();
        }
        List<Gres> items = new ArrayList<>();
        for (String item : SOCKETS.matcher(text).replaceAll("").split(",")) {
            String[] parts = item.strip().split(":");
            if (parts[0].isEmpty()) {
                continue;
            }
            String last = parts[parts.length - 1];
            Matcher count = COUNT.matcher(last);
            boolean counted = parts.length > 1 && count.matches();
            long n = counted ? scaled(count.group(1), count.group(2), field) : 1;
            int typeEnd = counted ? parts.length - 1 : parts.length;
            Optional<String> type = typeEnd > 1 ? Optional.of(parts[1]) : Optional.empty();
            items.add(new Gres(parts[0], type, n));
        }
        return List.copyOf(items);
    }

    /** Whether {@code has} (a node's item) gives what this request asks: same name, same type if one is asked, enough. */
    public boolean isMetBy(Gres has) {
        return has.name.equals(name) && (type.isEmpty() || type.equals(has.type)) && has.count >= count;
    }

    /** {@code gpu:a100:2}. */
    @Override
    public String toString() {
        return name + type.map(t -> ":" + t).orElse("") + ":" + count;
    }

    private static long scaled(String digits, String suffix, String text) {
        try {
            long n = Long.parseLong(digits);
            long factor = switch (suffix.toUpperCase(Locale.ROOT)) {
                case "K" -> 1024L;
                case "M" -> 1024L * 1024;
                case "G" -> 1024L * 1024 * 1024;
                default -> 1L;
            };
            return Math.multiplyExact(n, factor);
        } catch (NumberFormatException | ArithmeticException tooLarge) {
            throw new InvalidInputException("gres '" + text + "': the count " + digits + suffix + " is too large");
        }
    }
}
