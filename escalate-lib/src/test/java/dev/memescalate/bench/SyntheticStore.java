package dev.memescalate.bench;

import dev.memescalate.report.SyntheticChain;
import dev.memescalate.store.ChainStore;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes a store with one ended {@link SyntheticChain} of {@code TASKS} tasks (about 1.09 attempts a task) for the
 * command-line benchmark ({@code tests/cli-benchmark}), and prints the chain's id.
 *
 * <pre>java -cp CLASSPATH dev.memescalate.bench.SyntheticStore STORE_FILE TASKS</pre>
 */
public final class SyntheticStore {
    private SyntheticStore() {}

    public static void main(String[] args) {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: SyntheticStore STORE_FILE TASKS");
        }
        int tasks = Integer.parseInt(args[1]);
        String id = String.format(Locale.ROOT, "%08x", tasks);
        try (ChainStore store = ChainStore.open(Path.of(args[0]))) {
            SyntheticChain.seed(store, id, tasks, 42);
            int attempts = store.read(tx -> tx.attempts().count(id));
            System.out.println(id + " " + attempts);
        }
    }
}
