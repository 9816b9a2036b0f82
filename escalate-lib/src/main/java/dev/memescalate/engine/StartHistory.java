package dev.memescalate.engine;

import dev.memescalate.store.StartHistoryTable;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where a learned start level comes from: the last completion of each task in the earlier chains of a script
 * ({@link StartHistoryTable#lastCompletions}). Passed in, so that planning a chain opens no store itself; a tracker
 * without a store has no history.
 */
@FunctionalInterface
public interface StartHistory {
    /** No earlier chain: every task starts at level 0. */
    StartHistory NONE = (sha256, samePath, first, last, sink) -> { };

    /** Streams, in index order, the last completion of each task in {@code [first, last]} (one per task). */
    void lastCompletions(String sha256, Optional<Path> samePath, int first, int last,
            Consumer<StartHistoryTable.Completion> sink);
}
