package dev.memescalate.store;

import static java.util.Objects.requireNonNull;

import dev.memescalate.indexset.IndexSet;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One round of a chain: one ladder level, the task indices it runs, and where it stands.
 *
 * @param number 1, 2, ... within the chain
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
        List<String> excludeNodes) {

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
