package dev.memescalate.store;

import dev.memescalate.indexset.IndexSet;
import dev.memescalate.policy.Outcome;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A separate OS process that writes to a store, started by {@link ConcurrentWritersTest} and
 * {@link CrashConsistencyTest} the way handler jobs on other nodes would.
 *
 * <pre>
 *   write DB NAME COUNT   COUNT transactions, each a read-modify-write (next round number + that round + an event)
 *   crash DB CHAIN        inserts a large batch inside a transaction, then halts the JVM before it commits
 * </pre>
 */
public final class StoreWriterProcess {
    static final int CRASH_EXIT_CODE = 3;

    private StoreWriterProcess() {}

    public static void main(String[] args) {
        Path db = Path.of(args[1]);
        switch (args[0]) {
            case "write" -> write(db, args[2], Integer.parseInt(args[3]));
            case "crash" -> crashMidTransaction(db, args[2]);
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    /** One writer's share of the concurrency test; shared by the in-process threads. */
    static void write(Path db, String writer, int transactions) {
        try (ChainStore store = ChainStore.open(db)) {
            for (int i = 0; i < transactions; i++) {
                int sequence = i;
                store.write(tx -> {
                    int number = tx.rounds().nextNumber(ConcurrentWritersTest.CHAIN);
                    tx.rounds().insert(RoundRecord.planned(ConcurrentWritersTest.CHAIN, number, 0, IndexSet.of(number),
                            OptionalInt.empty(), RoundKind.RETRY, Instant.now(), List.of(writer)));
                    tx.events().append(ConcurrentWritersTest.CHAIN, OptionalInt.of(number), "writer",
                            writer + " " + sequence, Instant.now());
                    return null;
                });
            }
        }
    }

    private static void crashMidTransaction(Path db, String chainId) {
        try (ChainStore store = ChainStore.open(db)) {
            store.write(tx -> {
                tx.chains().updateStatus(chainId, ChainStatus.RUNNING, Optional.empty());
                // Far more than SQLite's page cache (2000 pages by default), so pages spill into the database
                // file before the crash and the next opener must roll them back from the hot journal.
                List<AttemptRecord> attempts = new ArrayList<>();
                for (int index = 0; index < 200_000; index++) {
                    attempts.add(Fixtures.attempt(chainId, index, 1, Outcome.ESCALATE));
                }
                tx.attempts().insert(attempts);
                Runtime.getRuntime().halt(CRASH_EXIT_CODE);
                return null;
            });
        }
    }
}
