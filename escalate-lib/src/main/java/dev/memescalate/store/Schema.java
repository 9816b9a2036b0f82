package dev.memescalate.store;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The store's tables, as forward migrations. {@code MIGRATIONS.get(v)} takes a database from version {@code v} to
 * {@code v + 1}; the version lives in {@code PRAGMA user_version} (0 in a new file), which SQLite keeps in the file
 * header and changes inside the migrating transaction. Never edit a released migration: append a new one.
 *
 * <p>Enums are stored by name without CHECK constraints, so a new enum constant needs no table rebuild; timestamps
 * are fixed-width ISO-8601 UTC text and index sets run-length text (see {@link Columns}, {@link IndexSetCodec}).
 * Tables are STRICT (SQLite 3.37+), so a value of the wrong type is an error rather than silently kept.
 */
final class Schema {
    private Schema() {}

    static final List<List<String>> MIGRATIONS = List.of(
            // 0 -> 1: the initial schema.
            List.of(
                    """
                    CREATE TABLE chains (
                        id                   TEXT PRIMARY KEY,
                        created_at           TEXT NOT NULL,
                        status               TEXT NOT NULL,
                        ended_at             TEXT,
                        script_path          TEXT NOT NULL,
                        script_snapshot_path TEXT NOT NULL,
                        args_json            TEXT NOT NULL,
                        exports_json         TEXT NOT NULL,
                        array_spec           TEXT NOT NULL,
                        throttle             INTEGER,
                        job_name             TEXT NOT NULL,
                        output_pattern       TEXT NOT NULL,
                        error_pattern        TEXT NOT NULL,
                        config_yaml          TEXT NOT NULL,
                        config_source_path   TEXT,
                        start_level          INTEGER NOT NULL,
                        max_level            INTEGER NOT NULL,
                        work_dir             TEXT NOT NULL,
                        chain_dir            TEXT NOT NULL,
                        submit_host          TEXT NOT NULL,
                        user_name            TEXT NOT NULL
                    ) STRICT
                    """,
                    """
                    CREATE TABLE rounds (
                        chain_id           TEXT NOT NULL REFERENCES chains (id),
                        number             INTEGER NOT NULL CHECK (number >= 1),
                        level              INTEGER NOT NULL CHECK (level >= 0),
                        indices            TEXT NOT NULL,
                        parent_round       INTEGER,
                        kind               TEXT NOT NULL,
                        status             TEXT NOT NULL,
                        created_at         TEXT NOT NULL,
                        submitted_at       TEXT,
                        decided_at         TEXT,
                        closed_at          TEXT,
                        exclude_nodes_json TEXT NOT NULL,
                        PRIMARY KEY (chain_id, number),
                        FOREIGN KEY (chain_id, parent_round) REFERENCES rounds (chain_id, number)
                    ) STRICT
                    """,
                    """
                    CREATE TABLE jobs (
                        chain_id     TEXT NOT NULL,
                        round        INTEGER NOT NULL,
                        role         TEXT NOT NULL,
                        part         INTEGER NOT NULL CHECK (part >= 0),
                        job_name     TEXT NOT NULL,
                        argv_json    TEXT NOT NULL,
                        indices      TEXT,
                        array_spec   TEXT,
                        status       TEXT NOT NULL,
                        slurm_job_id TEXT,
                        claim_owner  TEXT,
                        claimed_at   TEXT,
                        intended_at  TEXT NOT NULL,
                        submitted_at TEXT,
                        last_error   TEXT,
                        PRIMARY KEY (chain_id, round, role, part),
                        FOREIGN KEY (chain_id, round) REFERENCES rounds (chain_id, number)
                    ) STRICT
                    """,
                    "CREATE INDEX jobs_by_slurm_job_id ON jobs (slurm_job_id)",
                    """
                    CREATE TABLE attempts (
                        chain_id        TEXT NOT NULL,
                        task_index      INTEGER NOT NULL CHECK (task_index >= 0),
                        round           INTEGER NOT NULL,
                        level           INTEGER NOT NULL,
                        slurm_job_id    TEXT NOT NULL,
                        state           TEXT NOT NULL,
                        raw_state       TEXT NOT NULL,
                        exit_code       INTEGER NOT NULL,
                        signal          INTEGER NOT NULL,
                        elapsed_seconds INTEGER,
                        max_rss_bytes   INTEGER,
                        node            TEXT,
                        started_at      TEXT,
                        ended_at        TEXT,
                        outcome         TEXT NOT NULL,
                        reason          TEXT NOT NULL,
                        PRIMARY KEY (chain_id, task_index, round),
                        FOREIGN KEY (chain_id, round) REFERENCES rounds (chain_id, number)
                    ) STRICT
                    """,
                    "CREATE INDEX attempts_by_round ON attempts (chain_id, round)",
                    """
                    CREATE TABLE task_outcomes (
                        chain_id   TEXT NOT NULL,
                        task_index INTEGER NOT NULL CHECK (task_index >= 0),
                        outcome    TEXT NOT NULL,
                        round      INTEGER NOT NULL,
                        level      INTEGER NOT NULL,
                        reason     TEXT NOT NULL,
                        PRIMARY KEY (chain_id, task_index),
                        FOREIGN KEY (chain_id, round) REFERENCES rounds (chain_id, number)
                    ) STRICT
                    """,
                    """
                    CREATE TABLE events (
                        id       INTEGER PRIMARY KEY AUTOINCREMENT,
                        chain_id TEXT NOT NULL REFERENCES chains (id),
                        at       TEXT NOT NULL,
                        round    INTEGER,
                        kind     TEXT NOT NULL,
                        message  TEXT NOT NULL
                    ) STRICT
                    """,
                    "CREATE INDEX events_by_chain ON events (chain_id, id)"),
            // 1 -> 2: what reports need of an attempt besides its state: the CPUs it held (core-hours) and its
            // .batch step's own state and exit code (a COMPLETED task whose step says OUT_OF_MEMORY).
            List.of(
                    "ALTER TABLE attempts ADD COLUMN alloc_cpus INTEGER",
                    "ALTER TABLE attempts ADD COLUMN batch_state TEXT",
                    "ALTER TABLE attempts ADD COLUMN batch_exit_code TEXT"),
            // 2 -> 3: the cluster's limits as submit read them (a handler no longer asks scontrol), and the earlier
            // runs of requeued tasks (a NODE_FAIL that Slurm requeued by itself, from sacct --duplicates).
            List.of(
                    """
                    CREATE TABLE chain_limits (
                        chain_id    TEXT PRIMARY KEY REFERENCES chains (id),
                        limits_json TEXT NOT NULL
                    ) STRICT
                    """,
                    """
                    CREATE TABLE attempt_runs (
                        chain_id        TEXT NOT NULL,
                        task_index      INTEGER NOT NULL,
                        round           INTEGER NOT NULL,
                        run             INTEGER NOT NULL CHECK (run >= 1),
                        state           TEXT NOT NULL,
                        raw_state       TEXT NOT NULL,
                        exit_code       INTEGER NOT NULL,
                        signal          INTEGER NOT NULL,
                        elapsed_seconds INTEGER,
                        node            TEXT,
                        started_at      TEXT,
                        ended_at        TEXT,
                        PRIMARY KEY (chain_id, task_index, round, run),
                        FOREIGN KEY (chain_id, round) REFERENCES rounds (chain_id, number)
                    ) STRICT
                    """),
            // 3 -> 4: the sbatch options given to submit (--account, --qos, ...), applied to every round. NULL for
            // chains submitted before: they had none.
            List.of("ALTER TABLE chains ADD COLUMN sbatch_options_json TEXT"),
            // 4 -> 5: the learned start level (submit --start-level=auto). The script's content hash and path find
            // the earlier chains of the same script (indexed: one look-up per submit, over every chain); the tasks'
            // completions are read from task_outcomes by chain and index; what each task was started at, and why,
            // is kept per group of tasks for the report.
            List.of(
                    "ALTER TABLE chains ADD COLUMN script_sha256 TEXT",
                    "CREATE INDEX chains_by_script_sha256 ON chains (script_sha256)",
                    "CREATE INDEX chains_by_script_path ON chains (script_path)",
                    """
                    CREATE TABLE learned_starts (
                        chain_id        TEXT NOT NULL REFERENCES chains (id),
                        level           INTEGER NOT NULL CHECK (level >= 0),
                        source_chain_id TEXT,
                        matched_by      TEXT NOT NULL,
                        capped          INTEGER NOT NULL,
                        indices         TEXT NOT NULL
                    ) STRICT
                    """,
                    "CREATE INDEX learned_starts_by_chain ON learned_starts (chain_id)"),
            // 5 -> 6: escalation: by_reason gives a round a time level beside its (memory) level. NULL for the rounds
            // of lockstep chains, old and new: their time level is their level, and the views show one number.
            List.of("ALTER TABLE rounds ADD COLUMN time_level INTEGER CHECK (time_level >= 0)"),
            // 6 -> 7: attempts and final outcomes in blocks of a few thousand (one row each cost more than the rest
            // of a handler: SQLite's cost is per row), with what is counted without reading a block in columns.
            // Then RowsToBlocks moves the rows of attempts and task_outcomes into them and drops those tables.
            List.of(
                    """
                    CREATE TABLE attempt_blocks (
                        chain_id           TEXT NOT NULL,
                        round              INTEGER NOT NULL,
                        first_index        INTEGER NOT NULL CHECK (first_index >= 0),
                        last_index         INTEGER NOT NULL CHECK (last_index >= first_index),
                        task_count         INTEGER NOT NULL CHECK (task_count >= 1),
                        same_level_retries INTEGER NOT NULL,
                        data               BLOB NOT NULL,
                        FOREIGN KEY (chain_id, round) REFERENCES rounds (chain_id, number)
                    ) STRICT
                    """,
                    "CREATE INDEX attempt_blocks_by_chain ON attempt_blocks (chain_id, round, first_index)",
                    """
                    CREATE TABLE outcome_blocks (
                        chain_id    TEXT NOT NULL,
                        round       INTEGER NOT NULL,
                        first_index INTEGER NOT NULL CHECK (first_index >= 0),
                        last_index  INTEGER NOT NULL CHECK (last_index >= first_index),
                        task_count  INTEGER NOT NULL CHECK (task_count >= 1),
                        completed   INTEGER NOT NULL,
                        failed      INTEGER NOT NULL,
                        exhausted   INTEGER NOT NULL,
                        cancelled   INTEGER NOT NULL,
                        data        BLOB NOT NULL,
                        FOREIGN KEY (chain_id, round) REFERENCES rounds (chain_id, number)
                    ) STRICT
                    """,
                    "CREATE INDEX outcome_blocks_by_chain ON outcome_blocks (chain_id, first_index)"));

    /**
     * Steps in Java, by the version they migrate from, run after that migration's SQL in the same transaction: what
     * SQL cannot do (6 -> 7 encodes rows into blocks).
     */
    static final Map<Integer, Consumer<Sql>> CONVERSIONS = Map.of(6, RowsToBlocks::convert);

    /** The version this code writes and fully understands. */
    static final int CURRENT_VERSION = MIGRATIONS.size();
}
