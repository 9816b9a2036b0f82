package dev.memescalate.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Shares the chain's {@code %N} throttle between sibling rounds: the rounds planned together and submitted at once
 * (the ESCALATE and RETRY rounds of one handler, up to three ESCALATE rounds with {@code escalation: by_reason}; the
 * INITIAL rounds of a learned start), so that at most N of their tasks run at once, as the user asked. Each round
 * then shares its own part between its arrays ({@link ThrottleShares}). Pure and deterministic: the planner bakes a
 * round's share into its array jobs, and the submitter computes it again from the same siblings.
 *
 * <p>Each sibling gets a share proportional to its task count (largest remainder: the floors, then one more to the
 * largest remainders, an earlier round first on a tie), at least 1; the shares add up to N. With fewer than one
 * per sibling (N below the number of siblings) each gets {@code %1}, and the siblings run at most one task each:
 * no dependency is built between rounds for that.
 */
public final class SiblingThrottles {
    private SiblingThrottles() {
    }

    /**
     * @param throttle the chain's {@code %N}, or empty when the user set none
     * @param taskCounts the siblings' task counts, in round-number order
     * @return each sibling's share, in the same order (all empty without a throttle)
     */
    public static List<OptionalInt> shares(OptionalInt throttle, List<Integer> taskCounts) {
        if (taskCounts.isEmpty()) {
            throw new IllegalArgumentException("taskCounts must name at least one round");
        }
        for (int count : taskCounts) {
            if (count < 1) {
                throw new IllegalArgumentException("taskCounts must be >= 1 each, got " + taskCounts);
            }
        }
        if (throttle.isEmpty()) {
            return taskCounts.stream().map(c -> OptionalInt.empty()).toList();
        }
        int n = throttle.getAsInt();
        if (n < 1) {
            throw new IllegalArgumentException("throttle must be >= 1, got " + n);
        }
        boolean atLeastOneEach = n >= taskCounts.size();
        int[] shares = atLeastOneEach ? largestRemainder(n, taskCounts) : ones(taskCounts.size());
        List<OptionalInt> result = new ArrayList<>(shares.length);
        for (int share : shares) {
            result.add(OptionalInt.of(share));
        }
        return List.copyOf(result);
    }

    /** The share of the sibling at {@code position} (0-based, in round-number order). */
    public static OptionalInt shareOf(OptionalInt throttle, List<Integer> taskCounts, int position) {
        return shares(throttle, taskCounts).get(position);
    }

    /**
     * N apportioned by task count; a sibling whose quota rounds to 0 gets 1, taken from the sibling with the largest
     * share (of those, the one with the fewest tasks, then the later round), so that more tasks never get less.
     */
    private static int[] largestRemainder(int n, List<Integer> counts) {
        int k = counts.size();
        long total = counts.stream().mapToLong(Integer::longValue).sum();
        int[] shares = new int[k];
        long[] remainders = new long[k];
        int given = 0;
        for (int i = 0; i < k; i++) {
            long scaled = (long) n * counts.get(i); // at most 2^31 * 2^31: fits a long
            shares[i] = (int) (scaled / total);
            remainders[i] = scaled % total;
            given += shares[i];
        }
        for (int left = n - given; left > 0; left--) {
            int best = 0;
            for (int i = 1; i < k; i++) {
                if (remainders[i] > remainders[best]) {
                    best = i;
                }
            }
            shares[best]++;
            remainders[best] = -1; // one extra each at most: there are fewer than k left over
        }
        for (int i = 0; i < k; i++) {
            if (shares[i] == 0) {
                shares[largestShare(shares, counts)]--;
                shares[i] = 1;
            }
        }
        return shares;
    }

    private static int largestShare(int[] shares, List<Integer> counts) {
        int best = 0;
        for (int i = 1; i < shares.length; i++) {
            boolean larger = shares[i] > shares[best];
            boolean asLargeWithNoMoreTasks = shares[i] == shares[best] && counts.get(i) <= counts.get(best);
            if (larger || asLargeWithNoMoreTasks) {
                best = i;
            }
        }
        return best;
    }

    private static int[] ones(int k) {
        int[] shares = new int[k];
        java.util.Arrays.fill(shares, 1);
        return shares;
    }
}
