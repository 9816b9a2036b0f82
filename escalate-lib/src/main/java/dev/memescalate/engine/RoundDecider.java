package dev.memescalate.engine;

import dev.memescalate.indexset.IndexSet;
import dev.memescalate.policy.Outcome;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** Decides, for every task of an ended round, whether it is done or runs again and where. Pure. */
public final class RoundDecider {
    private final int highestAllowedLevel;
    private final int maxSameLevelRetries;

    /**
     * @param highestAllowedLevel the ladder's top level, or {@code --max-level} when lower
     * @param maxSameLevelRetries how often one task may be retried at the same level over the whole chain
     */
    public RoundDecider(int highestAllowedLevel, int maxSameLevelRetries) {
        if (highestAllowedLevel < 0) {
            throw new IllegalArgumentException("highestAllowedLevel must be >= 0, got " + highestAllowedLevel);
        }
        if (maxSameLevelRetries < 0) {
            throw new IllegalArgumentException("maxSameLevelRetries must be >= 0, got " + maxSameLevelRetries);
        }
        this.highestAllowedLevel = highestAllowedLevel;
        this.maxSameLevelRetries = maxSameLevelRetries;
    }

    /** How every task of a round ended, by position: a judged round, or a list of {@link TaskVerdict}s. */
    public interface Verdicts {
        int size();

        int index(int position);

        Outcome outcome(int position);

        String reason(int position);

        static Verdicts of(List<TaskVerdict> verdicts) {
            return new Verdicts() {
                @Override
                public int size() {
                    return verdicts.size();
                }

                @Override
                public int index(int position) {
                    return verdicts.get(position).index();
                }

                @Override
                public Outcome outcome(int position) {
                    return verdicts.get(position).outcome();
                }

                @Override
                public String reason(int position) {
                    return verdicts.get(position).reason();
                }
            };
        }
    }

    /** {@link #decide(int, Verdicts, Map)} of a list of verdicts. */
    public RoundDecision decide(int level, Collection<TaskVerdict> verdicts, Map<Integer, Integer> earlierRetries) {
        return decide(level, Verdicts.of(List.copyOf(verdicts)), earlierRetries);
    }

    /**
     * @param level the level the round ran at
     * @param verdicts one per task of the round
     * @param earlierRetries how many same-level retries each task already had in this chain (absent = 0)
     */
    public RoundDecision decide(int level, Verdicts verdicts, Map<Integer, Integer> earlierRetries) {
        IntStream.Builder completed = IntStream.builder();
        IntStream.Builder failed = IntStream.builder();
        IntStream.Builder exhausted = IntStream.builder();
        IntStream.Builder escalate = IntStream.builder();
        IntStream.Builder retry = IntStream.builder();
        Map<Integer, String> reasons = new HashMap<>();
        boolean reachedTopLevel = level >= highestAllowedLevel;

        for (int position = 0; position < verdicts.size(); position++) {
            int index = verdicts.index(position);
            String reason = verdicts.reason(position);
            switch (verdicts.outcome(position)) {
                case COMPLETED -> completed.add(index);
                case ESCALATE -> {
                    if (reachedTopLevel) {
                        exhausted.add(index);
                        reasons.put(index, reason + " at level " + level + ", the highest allowed");
                    } else {
                        escalate.add(index);
                        reasons.put(index, reason);
                    }
                }
                case RETRY_SAME_LEVEL -> {
                    int retriesSoFar = earlierRetries.getOrDefault(index, 0);
                    boolean retriesLeft = retriesSoFar < maxSameLevelRetries;
                    if (retriesLeft) {
                        retry.add(index);
                        reasons.put(index, reason);
                    } else {
                        failed.add(index);
                        reasons.put(index, reason + "; already retried " + retriesSoFar + " time(s) at the same level");
                    }
                }
                case FAILED -> {
                    failed.add(index);
                    reasons.put(index, reason);
                }
                case UNKNOWN, NOT_FINISHED -> {
                    // The handler only decides once accounting has a terminal row for every task, or gives up
                    // waiting; a task still unknown then is reported failed, never taken for a success.
                    failed.add(index);
                    reasons.put(index, reason);
                }
            }
        }
        return new RoundDecision(
                IndexSet.of(completed.build().toArray()),
                IndexSet.of(failed.build().toArray()),
                IndexSet.of(exhausted.build().toArray()),
                IndexSet.of(escalate.build().toArray()),
                level + 1,
                IndexSet.of(retry.build().toArray()),
                reasons);
    }
}
