package dev.memescalate.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Shares a round's {@code %N} throttle between the arrays the round was split into, so that at most N of the round's
 * tasks run at once, as the user asked, however many arrays it took.
 */
public final class ThrottleShares {
    /**
     * One array's share.
     *
     * @param throttle its own {@code %n}, or empty when the user set no throttle
     * @param waitsForPart when the throttle is smaller than the number of arrays, each array can only get {@code %1}
     *     and array {@code i} waits ({@code afterany}) for array {@code i - N}, so at most N run at once
     */
    public record Share(OptionalInt throttle, OptionalInt waitsForPart) {
    }

    private ThrottleShares() {
    }

    public static List<Share> split(OptionalInt throttle, int parts) {
        if (parts < 1) {
            throw new IllegalArgumentException("parts must be >= 1, got " + parts);
        }
        List<Share> shares = new ArrayList<>(parts);
        if (throttle.isEmpty()) {
            for (int i = 0; i < parts; i++) {
                shares.add(new Share(OptionalInt.empty(), OptionalInt.empty()));
            }
            return List.copyOf(shares);
        }
        int n = throttle.getAsInt();
        if (n < 1) {
            throw new IllegalArgumentException("throttle must be >= 1, got " + n);
        }
        boolean enoughForEveryPart = n >= parts;
        for (int i = 0; i < parts; i++) {
            if (enoughForEveryPart) {
                int share = n / parts + (i < n % parts ? 1 : 0);
                shares.add(new Share(OptionalInt.of(share), OptionalInt.empty()));
            } else {
                OptionalInt waitsFor = i >= n ? OptionalInt.of(i - n) : OptionalInt.empty();
                shares.add(new Share(OptionalInt.of(1), waitsFor));
            }
        }
        return List.copyOf(shares);
    }
}
