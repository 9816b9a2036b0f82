package dev.memescalate.store;

import static java.util.Objects.requireNonNull;

import dev.memescalate.indexset.IndexSet;
import java.util.Optional;

/**
 * Tasks of a chain submitted with a learned start level that started at one level for one reason.
 *
 * @param level where they started
 * @param sourceChainId the earlier chain in which they last completed (at that level, or above it when capped)
 * @param capped true when they completed above the chain's max level and start at it instead
 * @param indices the tasks
 */
public record LearnedStartRecord(String chainId, int level, Optional<String> sourceChainId, HistoryMatch matchedBy,
        boolean capped, IndexSet indices) {
    public LearnedStartRecord {
        requireNonNull(chainId, "chainId");
        requireNonNull(sourceChainId, "sourceChainId");
        requireNonNull(matchedBy, "matchedBy");
        requireNonNull(indices, "indices");
        if (level < 0) {
            throw new IllegalArgumentException("level must be >= 0, got " + level);
        }
        if (sourceChainId.isEmpty() != (matchedBy == HistoryMatch.NONE)) {
            throw new IllegalArgumentException("a source chain goes with a match, and only with one");
        }
    }
}
