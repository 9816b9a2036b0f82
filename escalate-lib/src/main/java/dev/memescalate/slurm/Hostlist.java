package dev.memescalate.slurm;

import java.util.ArrayList;
import java.util.List;

/**
 * Expands Slurm hostlist expressions: {@code day[1-2]} -> day1, day2; {@code a[1-3,5],b7} -> a1, a2, a3, a5, b7;
 * zero padding is kept ({@code n[08-10]} -> n08, n09, n10); several bracket groups multiply
 * ({@code r[1-2]n[1-2]} -> r1n1, r1n2, r2n1, r2n2). Pure.
 */
public final class Hostlist {

    private Hostlist() {}

    /** The host names, in order. {@code ""} and Slurm's {@code (null)} (a partition without nodes) give none. */
    public static List<String> expand(String expression) {
        String text = expression.strip();
        if (text.isEmpty() || text.equals("(null)")) {
            return List.of();
        }
        List<String> hosts = new ArrayList<>();
        for (String item : splitTopLevel(text)) {
            if (!item.isEmpty()) {
                expandItem(item, hosts, expression);
            }
        }
        return List.copyOf(hosts);
    }

    /**
     * How many hosts the expression names, without expanding it (a user's {@code n[1-999999999]} would not fit in
     * memory); saturates at {@link Long#MAX_VALUE}.
     *
     * @throws IllegalArgumentException for a bad range or an unclosed bracket
     */
    public static long count(String expression) {
        String text = expression.strip();
        if (text.isEmpty() || text.equals("(null)")) {
            return 0;
        }
        long total = 0;
        for (String item : splitTopLevel(text)) {
            if (!item.isEmpty()) {
                total = saturatedAdd(total, countItem(item, expression));
            }
        }
        return total;
    }

    private static long countItem(String item, String whole) {
        long product = 1;
        int at = 0;
        while (true) {
            int open = item.indexOf('[', at);
            if (open < 0) {
                return product;
            }
            int close = item.indexOf(']', open);
            if (close < 0) {
                throw new IllegalArgumentException("hostlist '" + whole + "' has '[' without ']'");
            }
            long inGroup = 0;
            for (String range : item.substring(open + 1, close).split(",")) {
                String[] bounds = range.strip().split("-", -1);
                try {
                    long size = -1;
                    if (bounds.length == 1) {
                        Long.parseLong(bounds[0]); // a number, or NumberFormatException
                        size = 1;
                    } else if (bounds.length == 2) {
                        size = Long.parseLong(bounds[1]) - Long.parseLong(bounds[0]) + 1;
                    }
                    if (size < 1) {
                        throw new IllegalArgumentException("hostlist '" + whole + "' has a bad range '" + range + "'");
                    }
                    inGroup = saturatedAdd(inGroup, size);
                } catch (NumberFormatException notNumber) {
                    throw new IllegalArgumentException("hostlist '" + whole + "' has a bad range '" + range + "'",
                            notNumber);
                }
            }
            product = inGroup != 0 && product > Long.MAX_VALUE / inGroup ? Long.MAX_VALUE : product * inGroup;
            at = close + 1;
        }
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    /** Splits on commas that are outside brackets. */
    private static List<String> splitTopLevel(String text) {
        List<String> items = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth--;
            } else if (c == ',' && depth == 0) {
                items.add(text.substring(start, i));
                start = i + 1;
            }
        }
        items.add(text.substring(start));
        return items;
    }

    private static void expandItem(String item, List<String> out, String whole) {
        int open = item.indexOf('[');
        if (open < 0) {
            out.add(item);
            return;
        }
        int close = item.indexOf(']', open);
        if (close < 0) {
            throw new IllegalArgumentException("hostlist '" + whole + "' has '[' without ']'");
        }
        String prefix = item.substring(0, open);
        String rest = item.substring(close + 1);
        for (String range : item.substring(open + 1, close).split(",")) {
            for (String number : expandRange(range, whole)) {
                expandItem(prefix + number + rest, out, whole);
            }
        }
    }

    private static List<String> expandRange(String range, String whole) {
        String[] bounds = range.strip().split("-", -1);
        try {
            if (bounds.length == 1) {
                Long.parseLong(bounds[0]);
                return List.of(bounds[0]);
            }
            if (bounds.length == 2) {
                long low = Long.parseLong(bounds[0]);
                long high = Long.parseLong(bounds[1]);
                int width = bounds[0].length();
                List<String> numbers = new ArrayList<>();
                for (long n = low; n <= high; n++) {
                    numbers.add(String.format("%0" + width + "d", n));
                }
                return numbers;
            }
        } catch (NumberFormatException notNumber) {
            throw new IllegalArgumentException("hostlist '" + whole + "' has a bad range '" + range + "'", notNumber);
        }
        throw new IllegalArgumentException("hostlist '" + whole + "' has a bad range '" + range + "'");
    }
}
