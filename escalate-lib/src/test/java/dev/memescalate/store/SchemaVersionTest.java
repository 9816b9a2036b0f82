package dev.memescalate.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memescalate.InvalidInputException;
import dev.memescalate.indexset.IndexSet;
import dev.memescalate.ladder.LevelPair;
import dev.memescalate.policy.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
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
        assertThat(pragma(db, "user_version")).isEqualTo(String.valueOf(ChainStore.schemaVersion()));
    }

    @Test
    void aVersion6StoreIsMigratedMovingEveryAttemptAndOutcomeIntoBlocks() throws Exception {
        Path db = dir.resolve("chains.db");
        for (int version = 0; version < 6; version++) {
            for (String sql : Schema.MIGRATIONS.get(version)) {
                execute(db, sql);
            }
        }
        execute(db, "PRAGMA user_version = 6");
        execute(db, "INSERT INTO chains (id, created_at, status, script_path, script_snapshot_path, args_json,"
                + " exports_json, array_spec, job_name, output_pattern, error_pattern, config_yaml, start_level,"
                + " max_level, work_dir, chain_dir, submit_host, user_name, script_sha256) VALUES ('c1',"
                + " '2026-01-01T00:00:00.000000000Z', 'DONE', 's', 's', '[]', '[]', '0-4999', 'j', 'o', 'e',"
                + " 'levels: []', 0, 2, '/w', '/c', 'h', 'u', 'abc')");
        // Round 1 lockstep; round 2 by_reason (memory level 0, time level 1), as version 6 wrote them.
        execute(db, "INSERT INTO rounds VALUES ('c1', 1, 0, '0-4999', NULL, 'INITIAL', 'DONE',"
                + " '2026-01-01T00:00:00.000000000Z', NULL, NULL, NULL, '[]', NULL)");
        execute(db, "INSERT INTO rounds VALUES ('c1', 2, 0, '7,4999', 1, 'ESCALATE', 'DONE',"
                + " '2026-01-01T00:01:00.000000000Z', NULL, NULL, NULL, '[]', 1)");
        // Every awkward string but the lone surrogate, which a version-6 TEXT column (UTF-8) could not keep.
        List<String> reasons = Fixtures.AWKWARD_STRINGS.stream().filter(r -> !r.contains("\uD800")).toList();
        List<AttemptRecord> attempts = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            Outcome outcome = i == 7 || i == 4_999 ? Outcome.ESCALATE : Outcome.COMPLETED;
            attempts.add(new AttemptRecord("c1", i, 1, 0, "77_" + i, outcome == Outcome.ESCALATE ? "TIMEOUT"
                    : "COMPLETED", i == 3 ? "CANCELLED by 1234" : outcome == Outcome.ESCALATE ? "TIMEOUT" : "COMPLETED",
                    0, 0, OptionalLong.of(i), i % 2 == 0 ? OptionalLong.empty() : OptionalLong.of(3L << 40),
                    i % 3 == 0 ? Optional.empty() : Optional.of("nodé" + i % 4),
                    Optional.of(Fixtures.T0.plusSeconds(i)), i % 5 == 0 ? Optional.empty()
                            : Optional.of(Fixtures.T0.plusNanos(i)), i % 7 == 0 ? OptionalInt.empty()
                            : OptionalInt.of(4), Optional.of("COMPLETED"), Optional.of("0:0"), outcome,
                    reasons.get(i % reasons.size())));
        }
        attempts.add(new AttemptRecord("c1", 7, 2, 0, "78_0", "COMPLETED", "COMPLETED", 0, 0, OptionalLong.of(90),
                OptionalLong.empty(), Optional.of("n1"), Optional.empty(), Optional.empty(), OptionalInt.empty(),
                Optional.empty(), Optional.empty(), Outcome.COMPLETED, "completed"));
        attempts.add(new AttemptRecord("c1", 4_999, 2, 0, "78_1", "NODE_FAIL", "NODE_FAIL", 1, 9,
                OptionalLong.empty(), OptionalLong.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                OptionalInt.empty(), Optional.empty(), Optional.empty(), Outcome.FAILED, "node failed"));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO attempts (chain_id, task_index, round,"
                    + " level, slurm_job_id, state, raw_state, exit_code, signal, elapsed_seconds, max_rss_bytes,"
                    + " node, started_at, ended_at, alloc_cpus, batch_state, batch_exit_code, outcome, reason)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (AttemptRecord a : attempts) {
                    Sql.bind(ps, a.chainId(), a.index(), a.round(), a.level(), a.slurmJobId(), a.state(),
                            a.rawState(), a.exitCode(), a.signal(), Sql.boxed(a.elapsedSeconds()),
                            Sql.boxed(a.maxRssBytes()), a.node().orElse(null), Sql.instantOrNull(a.start()),
                            Sql.instantOrNull(a.end()), Sql.boxed(a.allocCpus()), a.batchState().orElse(null),
                            a.batchExitCode().orElse(null), a.outcome().name(), a.reason());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO task_outcomes VALUES ('c1', ?, ?, ?, ?, ?)")) {
                for (int i = 0; i < 5_000; i++) {
                    boolean second = i == 7 || i == 4_999;
                    Sql.bind(ps, i, i == 4_999 ? "FAILED" : "COMPLETED", second ? 2 : 1, 0,
                            i == 4_999 ? "node failed" : "completed");
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO attempt_runs VALUES ('c1', 4999, 2, 1, 'NODE_FAIL', 'NODE_FAIL', 0, 0, 12,"
                        + " 'n2', '2026-01-01T00:01:10.000000001Z', NULL)");
            }
            c.commit();
        }

        try (ChainStore store = ChainStore.open(db)) {
            store.read(tx -> {
                assertThat(tx.attempts().forChain("c1")).containsExactlyElementsOf(attempts);
                assertThat(tx.attempts().count("c1")).isEqualTo(5_002);
                assertThat(tx.attempts().runsOf("c1")).singleElement()
                        .satisfies(r -> assertThat(r.index()).isEqualTo(4_999));
                assertThat(tx.outcomes().counts("c1")).containsEntry(FinalOutcome.COMPLETED, 4_999)
                        .containsEntry(FinalOutcome.FAILED, 1);
                assertThat(tx.outcomes().countsByRound("c1")).containsOnlyKeys(1, 2);
                assertThat(tx.outcomes().forChain("c1")).hasSize(5_000).element(4_999).isEqualTo(
                        new TaskOutcomeRecord("c1", 4_999, FinalOutcome.FAILED, 2, 0, "node failed"));
                assertThat(tx.rounds().find("c1", 2).orElseThrow().levels()).isEqualTo(new LevelPair(0, 1));
                return null;
            });
        }
        assertThat(pragma(db, "user_version")).isEqualTo(String.valueOf(ChainStore.schemaVersion()));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT group_concat(name) FROM sqlite_master WHERE name IN"
                        + " ('attempts', 'task_outcomes', 'attempts_by_round')")) {
            rs.next();
            assertThat(rs.getString(1)).as("the row tables, dropped").isNull();
        }
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
