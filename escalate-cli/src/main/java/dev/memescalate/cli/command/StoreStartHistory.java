package dev.memescalate.cli.command;

import dev.memescalate.engine.ChainLauncher;
import dev.memescalate.engine.StartHistory;
import dev.memescalate.store.ChainStore;
import dev.memescalate.store.StartHistoryTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The earlier chains of the tracker directory, for {@code --start-level=auto}: read from its store in one read
 * transaction, streamed. A tracker directory without a store has no history (and none is created for it: a dry run
 * writes nothing).
 */
final class StoreStartHistory implements StartHistory {
    private final Path storeFile;

    StoreStartHistory(Path trackerDir) {
        this.storeFile = trackerDir.resolve(ChainLauncher.STORE_FILE);
    }

    @Override
    public void lastCompletions(String sha256, Optional<Path> samePath, int first, int last,
            Consumer<StartHistoryTable.Completion> sink) {
        if (!Files.exists(storeFile)) {
            return;
        }
        try (ChainStore store = ChainStore.open(storeFile)) {
            store.read(tx -> {
                tx.startHistory().lastCompletions(sha256, samePath, first, last, sink);
                return null;
            });
        }
    }
}
