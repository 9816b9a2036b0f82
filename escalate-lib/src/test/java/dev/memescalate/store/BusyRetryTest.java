package dev.memescalate.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memescalate.indexset.IndexSet;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lock-waiting path, driven by a second connection that holds the lock (as another handler process would) and
 * a sleeper that records pauses instead of sleeping. SQLite's own busy_timeout is 0 here, so SQLITE_BUSY comes back
 * at once.
 */
class BusyRetryTest {
    private static final BusyRetry IMPATIENT = new BusyRetry(0, 5, 10, 40);

    @TempDir
    Path dir;

    Path db;
    Connection otherProcess;
    List<Long> pauses = new ArrayList<>();

    @BeforeEach
    void createStore() throws SQLException {
        db = dir.resolve("chains.db");
        try (ChainStore store = ChainStore.open(db)) {
            Fixtures.seed(store, "c1", IndexSet.of(1));
        }
        otherProcess = DriverManager.getConnection("jdbc:sqlite:" + db);
    }

    @AfterEach
    void closeOther() throws SQLException {
        otherProcess.close();
    }

    @Test
    void aWriteWaitsOutAnotherWritersLockAndThenLands() throws SQLException {
        execute(otherProcess, "BEGIN IMMEDIATE");
        AtomicInteger runs = new AtomicInteger();
        BusyRetry.Sleeper releaseOnThirdPause = millis -> {
            pauses.add(millis);
            if (pauses.size() == 3) {
                execute(otherProcess, "COMMIT");
            }
        };

        try (ChainStore store = ChainStore.open(db, IMPATIENT, releaseOnThirdPause, new Random(1))) {
            store.write(tx -> {
                runs.incrementAndGet();
                tx.events().append("c1", OptionalInt.empty(), "k", "landed", Fixtures.T0);
                return null;
            });

            assertThat(store.<List<EventRecord>>read(tx -> tx.events().forChain("c1"))).extracting(EventRecord::message)
                    .containsExactly("landed");
        }
        assertThat(pauses).hasSize(3);
        assertThat(pauses.get(0)).isBetween(5L, 10L);
        assertThat(pauses.get(1)).isBetween(10L, 20L);
        assertThat(pauses.get(2)).isBetween(20L, 40L);
        // BEGIN IMMEDIATE failed before the work ran; the work ran once, when the lock was free.
        assertThat(runs).hasValue(1);
    }

    @Test
    void aCommitBlockedByAReaderIsRolledBackAndTheWholeWorkRunsAgainOnce() throws SQLException {
        // A reader holding SHARED stops the writer's COMMIT from taking EXCLUSIVE: SQLITE_BUSY at COMMIT, after the
        // work already ran. The store rolls back and runs the work again; its first run must leave no trace.
        AtomicInteger runs = new AtomicInteger();
        BusyRetry.Sleeper endReadOnFirstPause = millis -> {
            pauses.add(millis);
            execute(otherProcess, "COMMIT");
        };
        try (ChainStore store = ChainStore.open(db, IMPATIENT, endReadOnFirstPause, new Random(1))) {
            startReadTransaction(otherProcess);

            store.write(tx -> {
                tx.events().append("c1", OptionalInt.empty(), "k", "run " + runs.incrementAndGet(), Fixtures.T0);
                return null;
            });

            assertThat(store.<List<EventRecord>>read(tx -> tx.events().forChain("c1"))).extracting(EventRecord::message)
                    .containsExactly("run 2");
        }
        assertThat(runs).hasValue(2);
        assertThat(pauses).hasSize(1);
    }

    @Test
    void openingAnUpToDateStoreTakesNoWriteLock() throws SQLException {
        // Handlers open the store while others read it; a commit would wait for those readers (see above).
        startReadTransaction(otherProcess);

        try (ChainStore store = ChainStore.open(db, IMPATIENT, pauses::add, new Random(1))) {
            assertThat(store.<List<ChainRecord>>read(tx -> tx.chains().all())).hasSize(1);
        }
        assertThat(pauses).isEmpty();
        execute(otherProcess, "COMMIT");
    }

    private static void startReadTransaction(Connection connection) throws SQLException {
        execute(connection, "BEGIN");
        try (Statement reader = connection.createStatement();
                ResultSet rs = reader.executeQuery("SELECT COUNT(*) FROM chains")) {
            assertThat(rs.next()).isTrue(); // the read transaction (and its SHARED lock) starts with the first step
        }
    }

    @Test
    void aReadWaitsOutAWriterThatIsCommitting() throws SQLException {
        // An EXCLUSIVE lock is what a committing writer holds in rollback-journal mode; readers must wait.
        execute(otherProcess, "BEGIN EXCLUSIVE");
        BusyRetry.Sleeper releaseOnFirstPause = millis -> {
            pauses.add(millis);
            execute(otherProcess, "COMMIT");
        };

        try (ChainStore store = ChainStore.open(db, IMPATIENT, releaseOnFirstPause, new Random(1))) {
            List<ChainRecord> chains = store.read(tx -> tx.chains().all());

            assertThat(chains).hasSize(1);
        }
        assertThat(pauses).hasSize(1);
    }

    @Test
    void aLockThatIsNeverReleasedFailsClearlyAfterTheLastAttempt() throws SQLException {
        try (ChainStore store = ChainStore.open(db, IMPATIENT, pauses::add, new Random(1))) {
            execute(otherProcess, "BEGIN IMMEDIATE");

            assertThatThrownBy(() -> store.write(tx -> {
                tx.events().append("c1", OptionalInt.empty(), "k", "never", Fixtures.T0);
                return null;
            })).isInstanceOf(StoreException.class)
                    .hasMessageContaining(db.toString())
                    .hasMessageContaining("stayed locked through 5 attempts");

            assertThat(pauses).hasSize(4);
            assertThat(pauses).allSatisfy(p -> assertThat(p).isBetween(5L, 40L));
            execute(otherProcess, "ROLLBACK");
        }
    }

    @Test
    void otherErrorsAreNotRetried() {
        AtomicInteger runs = new AtomicInteger();
        try (ChainStore store = ChainStore.open(db, IMPATIENT, pauses::add, new Random(1))) {
            assertThatThrownBy(() -> store.write(tx -> {
                runs.incrementAndGet();
                tx.chains().insert(Fixtures.chain("c1"));
                return null;
            })).isInstanceOf(StoreException.class);
        }
        assertThat(runs).hasValue(1);
        assertThat(pauses).isEmpty();
    }

    @Test
    void pausesDoubleUpToTheCapWithJitterInTheUpperHalf() {
        BusyRetry policy = new BusyRetry(0, 20, 20, 2_000);
        Random random = new Random(42);

        for (int attempt = 1; attempt <= 20; attempt++) {
            long nominal = Math.min(2_000, 20L << (attempt - 1));
            assertThat(policy.pauseMs(attempt, random)).isBetween(nominal / 2, nominal);
        }
    }

    private static void execute(Connection connection, String sql) {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
