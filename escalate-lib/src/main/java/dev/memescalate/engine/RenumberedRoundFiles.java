package dev.memescalate.engine;

import dev.memescalate.indexset.IndexSet;
import dev.memescalate.store.ChainRecord;

/**
 * What a renumbered round needs on disk before sbatch runs (see {@link TaskLauncher}): the chain's task launcher and
 * the round's index map. Passed in with the {@link Engine}, so the engine itself touches no file.
 */
@FunctionalInterface
public interface RenumberedRoundFiles {
    /**
     * Makes sure the launcher and the index map of round {@code round} (its tasks in index order) are in the chain's
     * directory, each written whole (to a temporary file, then renamed) or not at all. Safe to call again: a map
     * that is there whole is kept.
     *
     * @throws java.io.UncheckedIOException when either cannot be written (then nothing of the round is submitted)
     */
    void prepare(ChainRecord chain, int round, IndexSet indices);
}
