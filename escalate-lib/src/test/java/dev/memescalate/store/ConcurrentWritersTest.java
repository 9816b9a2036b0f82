package dev.memescalate.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memescalate.indexset.IndexSet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Handlers of several chains and rounds write at once from different processes and hosts. Every writer here does a
 * read-modify-write (take the next round number, insert that round): without IMMEDIATE transactions two writers
 * would read the same number and one would fail on the primary key; without busy handling they would fail on the
 * lock. Neither may happen, and every write must land.
 */
class ConcurrentWritersTest {
    static final String CHAIN = "shared01";
    private static final int PROCESSES = 4;
    private static final int THREADS = 4;
    private static final int TRANSACTIONS_EACH = 200;

    @TempDir
    Path dir;

    @Test
    void processesAndThreadsWritingAtOnceNeverFailAndEveryWriteLands() throws Exception {
        Path db = dir.resolve("tracker/chains.db");
        try (ChainStore store = ChainStore.open(db)) {
            store.write(tx -> {
                tx.chains().insert(Fixtures.chain(CHAIN));
                return null;
            });
        }
        List<String> writers = new ArrayList<>();

        List<Process> processes = new ArrayList<>();
        for (int p = 0; p < PROCESSES; p++) {
            String name = "process-" + p;
            writers.add(name);
            processes.add(TestProcesses.start(dir, name, "write", db.toString(), name,
                    String.valueOf(TRANSACTIONS_EACH)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            String name = "thread-" + t;
            writers.add(name);
            threads.add(pool.submit(() -> StoreWriterProcess.write(db, name, TRANSACTIONS_EACH)));
        }
        for (Future<?> thread : threads) {
            thread.get(5, TimeUnit.MINUTES);
        }
        pool.shutdown();
        for (int p = 0; p < PROCESSES; p++) {
            String name = "process-" + p;
            int exit = TestProcesses.await(processes.get(p), dir, name);
            assertThat(exit).as(name + " output:\n" + TestProcesses.log(dir, name)).isZero();
        }

        int total = writers.size() * TRANSACTIONS_EACH;
        try (ChainStore store = ChainStore.open(db)) {
            List<RoundRecord> rounds = store.read(tx -> tx.rounds().forChain(CHAIN));
            List<EventRecord> events = store.read(tx -> tx.events().forChain(CHAIN));

            assertThat(rounds).extracting(RoundRecord::number)
                    .containsExactlyElementsOf(IntStream.rangeClosed(1, total).boxed().toList());
            assertThat(rounds).allSatisfy(r -> assertThat(r.indices()).isEqualTo(IndexSet.of(r.number())));
            Map<String, List<String>> messagesByWriter = events.stream().collect(Collectors.groupingBy(
                    e -> e.message().split(" ")[0], Collectors.mapping(EventRecord::message, Collectors.toList())));
            assertThat(messagesByWriter.keySet()).containsExactlyInAnyOrderElementsOf(writers);
            for (String writer : writers) {
                // Each writer's own events are in its order: its transactions committed one after another.
                assertThat(messagesByWriter.get(writer)).containsExactlyElementsOf(
                        IntStream.range(0, TRANSACTIONS_EACH).mapToObj(i -> writer + " " + i).toList());
            }
            assertThat(events).allSatisfy(e -> assertThat(rounds.get(e.round().orElseThrow() - 1).excludeNodes())
                    .containsExactly(e.message().split(" ")[0]));
        }
    }

    @Test
    void threadsSharingOneStoreObjectTakeTurns() throws Exception {
        Path db = dir.resolve("chains.db");
        try (ChainStore store = ChainStore.open(db)) {
            store.write(tx -> {
                tx.chains().insert(Fixtures.chain(CHAIN));
                return null;
            });
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            List<Future<?>> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                threads.add(pool.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        store.write(tx -> {
                            int number = tx.rounds().nextNumber(CHAIN);
                            tx.rounds().insert(Fixtures.round(CHAIN, number, IndexSet.of(number)));
                            return null;
                        });
                    }
                }));
            }
            for (Future<?> thread : threads) {
                thread.get(5, TimeUnit.MINUTES);
            }
            pool.shutdown();

            assertThat(store.<Integer>read(tx -> tx.rounds().nextNumber(CHAIN))).isEqualTo(THREADS * 50 + 1);
        }
    }
}
