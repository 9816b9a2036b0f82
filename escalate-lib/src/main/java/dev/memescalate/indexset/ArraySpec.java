package dev.memescalate.indexset;

import java.util.OptionalInt;

/**
 * A parsed Slurm {@code --array} value: the indices and the optional {@code %N} throttle.
 *
 * <p>PLACEHOLDER parser: the indexset work gives it the full syntax and Slurm's validation.
 */
public record ArraySpec(IndexSet indices, OptionalInt throttle) {
    public static ArraySpec parse(String spec) {
        String body = spec;
        OptionalInt throttle = OptionalInt.empty();
        int pct = spec.indexOf('%');
        if (pct >= 0) {
            throttle = OptionalInt.of(Integer.parseInt(spec.substring(pct + 1)));
            body = spec.substring(0, pct);
        }
        IndexSet all = IndexSet.empty();
        for (String part : body.split(",")) {
            int step = 1;
            int colon = part.indexOf(':');
            if (colon >= 0) {
                step = Integer.parseInt(part.substring(colon + 1));
                part = part.substring(0, colon);
            }
            int dash = part.indexOf('-');
            int a = Integer.parseInt(dash < 0 ? part : part.substring(0, dash));
            int b = dash < 0 ? a : Integer.parseInt(part.substring(dash + 1));
            java.util.List<Integer> xs = new java.util.ArrayList<>();
            for (int i = a; i <= b; i += step) {
                xs.add(i);
            }
            all = all.union(IndexSet.of(xs.stream().mapToInt(Integer::intValue).toArray()));
        }
        return new ArraySpec(all, throttle);
    }
}
