package dev.memescalate.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memescalate.InvalidInputException;
import dev.memescalate.indexset.IndexSet;
import dev.memescalate.ladder.LevelPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaVersionTest {
    @TempDir
    Path dir;

    @Test
    void aNewStoreIsCreatedWithItsDirectoriesAtTheCurrentVersionInRollbackJournalMode() throws SQLException {
        Path db = dir.resolve("a/b/.mem-escalate/chains.db");

        ChainStore.open(db).close();

        assertThat(db).exists();
        assertThat(pragma(db, "user_version")).isEqualTo(String.valueOf(ChainStore.schemaVersion()));
        assertThat(pragma(db, "journal_mode")).isEqualTo("delete");
    }

    @Test
    void openingTwiceDoesNotMigrateAgain() {
        Path db = dir.resolve("chains.db");
        try (ChainStore store = ChainStore.open(db)) {
            Fixtures.seed(store, "c1", IndexSet.of(1));
        }

        try (ChainStore store = ChainStore.open(db)) {
            assertThat(store.<List<ChainRecord>>read(tx -> tx.chains().all())).hasSize(1);
        }
    }

    @Test
    void aVersion1StoreIsMigratedKeepingItsAttempts() throws Exception {
        Path db = dir.resolve("chains.db");
        for (String sql : Schema.MIGRATIONS.get(0)) {
            execute(db, sql);
        }
        execute(db, "PRAGMA user_version = 1");
        execute(db, "INSERT INTO chains VALUES ('c1', '2026-01-01T00:00:00.000000000Z', 'RUNNING', NULL, 's', 's',"
                + " '[]', '[]', '0', NULL, 'j', 'o', 'e', 'levels: []', NULL, 0, 0, '/w', '/c', 'h', 'u')");
        execute(db, "INSERT INTO rounds VALUES ('c1', 1, 0, '0', NULL, 'INITIAL', 'DECIDED',"
                + " '2026-01-01T00:00:00.000000000Z', NULL, NULL, NULL, '[]')");
        execute(db, "INSERT INTO attempts VALUES ('c1', 0, 1, 0, '12', 'COMPLETED', 'COMPLETED', 0, 0, 3, NULL,"
                + " 'day1', NULL, NULL, 'COMPLETED', 'completed')");

        try (ChainStore store = ChainStore.open(db)) {
            List<AttemptRecord> attempts = store.read(tx -> tx.attempts().forChain("c1"));
            assertThat(attempts).singleElement().satisfies(a -> {
                assertThat(a.state()).isEqualTo("COMPLETED");
                assertThat(a.allocCpus()).isEmpty();
                assertThat(a.batchState()).isEmpty();
            });
        }
        assertThat(pragma(db, "user_version")).isEqualTo(String.valueOf(ChainStore.schemaVersion()));
    }

    @Test
    void aVersion5StoreIsMigratedItsRoundsKeepingOneLevelForMemoryAndTime() throws Exception {
        Path db = dir.resolve("chains.db");
        for (int version = 0; version < 5; version++) {
            for (String sql : Schema.MIGRATIONS.get(version)) {
                execute(db, sql);
            }
        }
        execute(db, "PRAGMA user_version = 5");
        execute(db, "INSERT INTO chains (id, created_at, status, script_path, script_snapshot_path, args_json,"
                + " exports_json, array_spec, job_name, output_pattern, error_pattern, config_yaml, start_level,"
                + " max_level, work_dir, chain_dir, submit_host, user_name, script_sha256) VALUES ('c1',"
                + " '2026-01-01T00:00:00.000000000Z', 'RUNNING', 's', 's', '[]', '[]', '0-1', 'j', 'o', 'e',"
                + " 'levels: []', 0, 2, '/w', '/c', 'h', 'u', 'abc')");
        execute(db, "INSERT INTO rounds VALUES ('c1', 1, 0, '0-1', NULL, 'INITIAL', 'DONE',"
                + " '2026-01-01T00:00:00.000000000Z', NULL, NULL, NULL, '[]')");
        execute(db, "INSERT INTO rounds VALUES ('c1', 2, 1, '1', 1, 'ESCALATE', 'SUBMITTED',"
                + " '2026-01-01T00:01:00.000000000Z', NULL, NULL, NULL, '[]')");

        try (ChainStore store = ChainStore.open(db)) {
            List<RoundRecord> rounds = store.read(tx -> tx.rounds().forChain("c1"));
            assertThat(rounds).extracting(RoundRecord::levels)
                    .containsExactly(LevelPair.lockstep(0), LevelPair.lockstep(1));
            assertThat(rounds).extracting(RoundRecord::levelLabel).containsExactly("0", "1");
            assertThat(rounds).noneMatch(RoundRecord::byReason);

            RoundRecord byReason = RoundRecord.planned("c1", 3, 0, IndexSet.of(0), OptionalInt.of(2),
                    RoundKind.ESCALATE, Instant.parse("2026-01-01T00:02:00Z"), List.of()).at(new LevelPair(0, 1));
            store.write(tx -> {
                tx.rounds().insert(byReason);
                return null;
            });
            RoundRecord read = store.<RoundRecord>read(tx -> tx.rounds().find("c1", 3).orElseThrow());
            assertThat(read.levels()).isEqualTo(new LevelPair(0, 1));
            assertThat(read.levelLabel()).isEqualTo("mem 0 / time 1");
            assertThat(store.<java.util.Map<String, Integer>>read(
                    tx -> tx.rounds().highestLevelsOfChainsCreatedSince(Instant.EPOCH))).containsEntry("c1", 1);
        }
        assertThat(pragma(db, "user_version")).isEqualTo("6");
    }

    @Test
    void aStoreWrittenByANewerVersionIsRefusedClearlyAndLeftUnchanged() throws Exception {
        Path db = dir.resolve("chains.db");
        ChainStore.open(db).close();
        int newer = ChainStore.schemaVersion() + 1;
        execute(db, "PRAGMA user_version = " + newer);
        byte[] before = Files.readAllBytes(db);

        assertThatThrownBy(() -> ChainStore.open(db))
                .isInstanceOf(StoreVersionException.class)
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(db.toString())
                .hasMessageContaining("schema version " + newer)
                .hasMessageContaining("knows versions up to " + ChainStore.schemaVersion())
                .hasMessageContaining("newer mem-escalate");
        assertThat(Files.readAllBytes(db)).isEqualTo(before);
    }

    @Test
    void aStoreFoundInWalModeIsSwitchedBackToTheRollbackJournal() throws SQLException {
        Path db = dir.resolve("chains.db");
        execute(db, "PRAGMA journal_mode = WAL");
        assertThat(pragma(db, "journal_mode")).isEqualTo("wal");

        ChainStore.open(db).close();

        assertThat(pragma(db, "journal_mode")).isEqualTo("delete");
    }

    @Test
    void aFileThatIsNotADatabaseFailsWithTheFileName() throws Exception {
        Path db = dir.resolve("chains.db");
        Files.writeString(db, "this is not an SQLite database, just some text long enough to have a header.....");

        assertThatThrownBy(() -> ChainStore.open(db)).isInstanceOf(StoreException.class)
                .hasMessageContaining(db.toString());
    }

    private static String pragma(Path db, String name) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void execute(Path db, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
