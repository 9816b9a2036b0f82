package dev.memescalate.engine;

import dev.memescalate.indexset.IndexSet;
import dev.memescalate.ladder.LevelPair;
import dev.memescalate.policy.Outcome;
import dev.memescalate.policy.Raise;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Decides, for every task of an ended round, whether it is done or runs again and where. Pure.
 *
 * <p>Lockstep (the default), an escalated task climbs one level. With {@code escalation: by_reason} a round runs at a
 * memory level and a time level, and an escalated task raises what its failure says it lacked ({@link Raise}):
 * memory after OUT_OF_MEMORY or a memory-signature exit code, time after TIMEOUT, both otherwise. A task whose
 * needed level is already the highest allowed is exhausted; a task that needs both raises the one that still can.
 * Each dimension has its own highest allowed level: separate {@code memory:} and {@code time:} ladders may differ in
 * length.
 */
public final class RoundDecider {
    private final int highestMemoryLevel;
    private final int highestTimeLevel;
    private final int maxSameLevelRetries;
    private final boolean byReason;

    /**
     * @param highestAllowedLevel the ladder's top level, or {@code --max-level} when lower
     * @param maxSameLevelRetries how often one task may be retried at the same level over the whole chain
     */
    public RoundDecider(int highestAllowedLevel, int maxSameLevelRetries) {
        this(highestAllowedLevel, maxSameLevelRetries, false);
    }

    /**
     * @param highestAllowedLevel the ladder's top level, or {@code --max-level} when lower
     * @param maxSameLevelRetries how often one task may be retried at the same level over the whole chain
     * @param byReason whether memory and time escalate by the failure's reason ({@code escalation: by_reason})
     */
    public RoundDecider(int highestAllowedLevel, int maxSameLevelRetries, boolean byReason) {
        this(highestAllowedLevel, highestAllowedLevel, maxSameLevelRetries, byReason);
    }

    /**
     * @param highestMemoryLevel the highest memory level allowed: the memory ladder's top, or {@code --max-level}
     *     when lower
     * @param highestTimeLevel the same for the time level
     * @param maxSameLevelRetries how often one task may be retried at the same level over the whole chain
     * @param byReason whether memory and time escalate by the failure's reason ({@code escalation: by_reason})
     */
    public RoundDecider(int highestMemoryLevel, int highestTimeLevel, int maxSameLevelRetries, boolean byReason) {
        if (highestMemoryLevel < 0) {
            throw new IllegalArgumentException("highestMemoryLevel must be >= 0, got " + highestMemoryLevel);
        }
        if (highestTimeLevel < 0) {
            throw new IllegalArgumentException("highestTimeLevel must be >= 0, got " + highestTimeLevel);
        }
        if (!byReason && highestMemoryLevel != highestTimeLevel) {
            throw new IllegalArgumentException("a lockstep chain has one highest level, got memory "
                    + highestMemoryLevel + " and time " + highestTimeLevel);
        }
        if (maxSameLevelRetries < 0) {
            throw new IllegalArgumentException("maxSameLevelRetries must be >= 0, got " + maxSameLevelRetries);
        }
        this.highestMemoryLevel = highestMemoryLevel;
        this.highestTimeLevel = highestTimeLevel;
        this.maxSameLevelRetries = maxSameLevelRetries;
        this.byReason = byReason;
    }

    /** How every task of a round ended, by position: a judged round, or a list of {@link TaskVerdict}s. */
    public interface Verdicts {
        int size();

        int index(int position);

        Outcome outcome(int position);

        String reason(int position);

        /** For an escalation, which resource it needs more of. */
        default Raise raise(int position) {
            return Raise.BOTH;
        }

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

                @Override
                public Raise raise(int position) {
                    return verdicts.get(position).raise();
                }
            };
        }
    }

    /** {@link #decide(LevelPair, Verdicts, Map)} of a list of verdicts at one level. */
    public RoundDecision decide(int level, Collection<TaskVerdict> verdicts, Map<Integer, Integer> earlierRetries) {
        return decide(LevelPair.lockstep(level), Verdicts.of(List.copyOf(verdicts)), earlierRetries);
    }

    /** {@link #decide(LevelPair, Verdicts, Map)} of a list of verdicts. */
    public RoundDecision decide(LevelPair levels, Collection<TaskVerdict> verdicts,
            Map<Integer, Integer> earlierRetries) {
        return decide(levels, Verdicts.of(List.copyOf(verdicts)), earlierRetries);
    }

    /** {@link #decide(LevelPair, Verdicts, Map)} of a round at one level. */
    public RoundDecision decide(int level, Verdicts verdicts, Map<Integer, Integer> earlierRetries) {
        return decide(LevelPair.lockstep(level), verdicts, earlierRetries);
    }

    /**
     * @param levels the memory and time level the round ran at (the same twice for a lockstep chain)
     * @param verdicts one per task of the round
     * @param earlierRetries how many same-level retries each task already had in this chain (absent = 0)
     */
    public RoundDecision decide(LevelPair levels, Verdicts verdicts, Map<Integer, Integer> earlierRetries) {
        if (!byReason && !levels.isLockstep()) {
            throw new IllegalArgumentException("levels must be the same twice for a lockstep chain, got " + levels);
        }
        IntStream.Builder completed = IntStream.builder();
        IntStream.Builder failed = IntStream.builder();
        IntStream.Builder exhausted = IntStream.builder();
        IntStream.Builder escalate = IntStream.builder();
        // Where an escalation goes depends only on what it raises: one builder per Raise, made when first needed.
        IntStream.Builder[] escalateTo = new IntStream.Builder[Raise.values().length];
        IntStream.Builder retry = IntStream.builder();
        Map<Integer, String> reasons = new HashMap<>();
        boolean memoryAtTop = levels.memory() >= highestMemoryLevel;
        boolean timeAtTop = levels.time() >= highestTimeLevel;

        for (int position = 0; position < verdicts.size(); position++) {
            int index = verdicts.index(position);
            String reason = verdicts.reason(position);
            switch (verdicts.outcome(position)) {
                case COMPLETED -> completed.add(index);
                case ESCALATE -> {
                    Raise raise = byReason ? verdicts.raise(position) : Raise.BOTH;
                    boolean raisesMemory = raise.raisesMemory() && !memoryAtTop;
                    boolean raisesTime = raise.raisesTime() && !timeAtTop;
                    if (!raisesMemory && !raisesTime) {
                        exhausted.add(index);
                        reasons.put(index, reason + " at " + topWording(levels, raise) + ", the highest allowed");
                    } else {
                        escalate.add(index);
                        if (escalateTo[raise.ordinal()] == null) {
                            escalateTo[raise.ordinal()] = IntStream.builder();
                        }
                        escalateTo[raise.ordinal()].add(index);
                    }
                }
                case RETRY_SAME_LEVEL -> {
                    int retriesSoFar = earlierRetries.getOrDefault(index, 0);
                    boolean retriesLeft = retriesSoFar < maxSameLevelRetries;
                    if (retriesLeft) {
                        retry.add(index);
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
        Map<LevelPair, IndexSet> escalations = new HashMap<>();
        for (Raise raise : Raise.values()) {
            if (escalateTo[raise.ordinal()] != null) {
                escalations.merge(next(levels, raise, memoryAtTop, timeAtTop),
                        IndexSet.of(escalateTo[raise.ordinal()].build().toArray()), IndexSet::union);
            }
        }
        return new RoundDecision(
                IndexSet.of(completed.build().toArray()),
                IndexSet.of(failed.build().toArray()),
                IndexSet.of(exhausted.build().toArray()),
                IndexSet.of(escalate.build().toArray()),
                escalations,
                IndexSet.of(retry.build().toArray()),
                reasons);
    }

    /**
     * The levels an escalation that raises {@code raise} goes to: one up in each dimension it raises that is not at
     * its top (one of them is not, or the task is exhausted).
     */
    private static LevelPair next(LevelPair levels, Raise raise, boolean memoryAtTop, boolean timeAtTop) {
        return new LevelPair(levels.memory() + (raise.raisesMemory() && !memoryAtTop ? 1 : 0),
                levels.time() + (raise.raisesTime() && !timeAtTop ? 1 : 0));
    }

    /** {@code level 2} (lockstep), {@code memory level 2} / {@code time level 1} / both (by_reason). */
    private String topWording(LevelPair levels, Raise raise) {
        if (!byReason) {
            return "level " + levels.memory();
        }
        return switch (raise) {
            case MEMORY -> "memory level " + levels.memory();
            case TIME -> "time level " + levels.time();
            case BOTH -> "memory level " + levels.memory() + " and time level " + levels.time();
        };
    }
}
