package dev.memescalate.store;

import static java.util.Objects.requireNonNull;

import dev.memescalate.indexset.IndexSet;
import dev.memescalate.ladder.LevelPair;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One round of a chain: one ladder level (or, with {@code escalation: by_reason}, a memory and a time level), the
 * task indices it runs, and where it stands.
 *
 * @param number 1, 2, ... within the chain
 * @param level the level it runs at; with by_reason its memory level
 * @param timeLevel with by_reason its time level; empty for a lockstep chain's round (its time level is
 *     {@code level})
 * @param parentRound the round whose handler planned this one (empty for the initial round)
 * @param closedAt when it reached DONE or SUBMIT_FAILED
 * @param excludeNodes node names to pass to {@code --exclude} (retries after NODE_FAIL)
 */
public record RoundRecord(
        String chainId,
        int number,
        int level,
        IndexSet indices,
        OptionalInt parentRound,
        RoundKind kind,
        RoundStatus status,
        Instant createdAt,
        Optional<Instant> submittedAt,
        Optional<Instant> decidedAt,
        Optional<Instant> closedAt,
        List<String> excludeNodes,
        OptionalInt timeLevel) {

    public RoundRecord {
        requireNonNull(chainId, "chainId");
        if (number < 1) {
            throw new IllegalArgumentException("round number must be >= 1, got " + number);
        }
        if (level < 0) {
            throw new IllegalArgumentException("level must be >= 0, got " + level);
        }
        requireNonNull(indices, "indices");
        requireNonNull(parentRound, "parentRound");
        requireNonNull(kind, "kind");
        requireNonNull(status, "status");
        requireNonNull(createdAt, "createdAt");
        requireNonNull(submittedAt, "submittedAt");
        requireNonNull(decidedAt, "decidedAt");
        requireNonNull(closedAt, "closedAt");
        excludeNodes = List.copyOf(excludeNodes);
        requireNonNull(timeLevel, "timeLevel");
        if (timeLevel.isPresent() && timeLevel.getAsInt() < 0) {
            throw new IllegalArgumentException("timeLevel must be >= 0, got " + timeLevel.getAsInt());
        }
    }

    /** A lockstep round: memory and time at {@code level}. */
    public RoundRecord(String chainId, int number, int level, IndexSet indices, OptionalInt parentRound,
            RoundKind kind, RoundStatus status, Instant createdAt, Optional<Instant> submittedAt,
            Optional<Instant> decidedAt, Optional<Instant> closedAt, List<String> excludeNodes) {
        this(chainId, number, level, indices, parentRound, kind, status, createdAt, submittedAt, decidedAt, closedAt,
                excludeNodes, OptionalInt.empty());
    }

    /** The memory and time level it runs at (the same twice for a lockstep round). */
    public LevelPair levels() {
        return new LevelPair(level, timeLevel.orElse(level));
    }

    /** Whether it is a round of a by_reason chain, whose views show both levels. */
    public boolean byReason() {
        return timeLevel.isPresent();
    }

    /** How views name its level: {@code 2}, or {@code mem 1 / time 0} for a by_reason round. */
    public String levelLabel() {
        return byReason() ? levels().label() : Integer.toString(level);
    }

    /** How sentences name its level: {@code level 2}, or {@code mem 1 / time 0} for a by_reason round. */
    public String levelWording() {
        return byReason() ? levels().label() : "level " + level;
    }

    /** The same round as a by_reason round at {@code pair}. */
    public RoundRecord at(LevelPair pair) {
        return new RoundRecord(chainId, number, pair.memory(), indices, parentRound, kind, status, createdAt,
                submittedAt, decidedAt, closedAt, excludeNodes, OptionalInt.of(pair.time()));
    }

    /** A new round in status PLANNED. */
    public static RoundRecord planned(
            String chainId,
            int number,
            int level,
            IndexSet indices,
            OptionalInt parentRound,
            RoundKind kind,
            Instant createdAt,
            List<String> excludeNodes) {
        return new RoundRecord(chainId, number, level, indices, parentRound, kind, RoundStatus.PLANNED, createdAt,
                Optional.empty(), Optional.empty(), Optional.empty(), excludeNodes);
    }
}
