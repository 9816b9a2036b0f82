package dev.memescalate.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memescalate.indexset.IndexSet;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A handler killed in the middle of a transaction (node crash, OOM kill, scancel) must leave nothing of it. */
class CrashConsistencyTest {
    @TempDir
    Path dir;

    @Test
    void aProcessKilledMidTransactionLeavesTheStoreAsItWasBefore() throws Exception {
        Path db = dir.resolve("chains.db");
        try (ChainStore store = ChainStore.open(db)) {
            Fixtures.seed(store, "c1", IndexSet.range(0, 199_999));
        }

        Process crasher = TestProcesses.start(dir, "crasher", "crash", db.toString(), "c1");
        int exit = TestProcesses.await(crasher, dir, "crasher");

        assertThat(exit).as(TestProcesses.log(dir, "crasher")).isEqualTo(StoreWriterProcess.CRASH_EXIT_CODE);
        // The crash left a hot journal: the half-written transaction had reached the database file itself.
        assertThat(dir.resolve("chains.db-journal")).exists();
        try (ChainStore store = ChainStore.open(db)) {
            assertThat(store.<List<AttemptRecord>>read(tx -> tx.attempts().forChain("c1"))).isEmpty();
            assertThat(store.<ChainStatus>read(tx -> tx.chains().find("c1").orElseThrow().status())).isEqualTo(ChainStatus.SUBMITTING);
            store.write(tx -> {
                tx.events().append("c1", OptionalInt.empty(), "after-crash", "still writable", Fixtures.T0);
                return null;
            });
            assertThat(store.<List<EventRecord>>read(tx -> tx.events().forChain("c1"))).hasSize(1);
        }
    }
}
