package dev.memescalate.store;

import dev.memescalate.indexset.IndexSet;
import dev.memescalate.policy.Outcome;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The operations of one transaction, given to the function passed to {@link ChainStore#write} or
 * {@link ChainStore#read}; valid only inside it. Write operations in a read transaction throw
 * {@link IllegalStateException}. Every SQL error becomes a {@link StoreException}, which rolls the whole transaction
 * back when it leaves the function.
 */
public final class StoreTransaction {
    /** Rows per {@code executeBatch}: bounds the driver's memory for a million-row insert. */
    private static final int BATCH_SIZE = 10_000;

    private final Connection connection;
    private final boolean writable;
    private boolean ended;

    StoreTransaction(Connection connection, boolean writable) {
        this.connection = connection;
        this.writable = writable;
    }

    void end() {
        ended = true;
    }

    // ---- chains ----

    public void insertChain(ChainRecord c) {
        requireWritable();
        update("""
                INSERT INTO chains (id, created_at, status, ended_at, script_path, script_snapshot_path, args_json,
                    exports_json, array_spec, throttle, job_name, output_pattern, error_pattern, config_yaml,
                    config_source_path, start_level, max_level, work_dir, chain_dir, submit_host, user_name)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                c.id(), Columns.instant(c.createdAt()), c.status().name(), c.endedAt().map(Columns::instant).orElse(null),
                c.scriptPath().toString(), c.scriptSnapshotPath().toString(), Columns.stringList(c.args()),
                Columns.stringList(c.exports()), c.arraySpec(), boxed(c.throttle()), c.jobName(), c.outputPattern(),
                c.errorPattern(), c.configYaml(), c.configSourcePath().map(Path::toString).orElse(null),
                c.startLevel(), c.maxLevel(), c.workDir().toString(), c.chainDir().toString(), c.submitHost(),
                c.user());
    }

    public Optional<ChainRecord> chain(String id) {
        return first(query("SELECT * FROM chains WHERE id = ?", StoreTransaction::chainRow, id));
    }

    /** All chains, oldest first. */
    public List<ChainRecord> chains() {
        return query("SELECT * FROM chains ORDER BY created_at, id", StoreTransaction::chainRow);
    }

    /** Sets a chain's status (and end time, if given; an empty one leaves the stored end time as it is). */
    public void updateChainStatus(String id, ChainStatus status, Optional<Instant> endedAt) {
        requireWritable();
        int changed = update("UPDATE chains SET status = ?, ended_at = COALESCE(?, ended_at) WHERE id = ?",
                status.name(), endedAt.map(Columns::instant).orElse(null), id);
        requireFound(changed, "chain " + id);
    }

    private static ChainRecord chainRow(ResultSet rs) throws SQLException {
        return new ChainRecord(
                rs.getString("id"),
                Columns.instant(rs.getString("created_at")),
                ChainStatus.valueOf(rs.getString("status")),
                optionalInstant(rs, "ended_at"),
                Path.of(rs.getString("script_path")),
                Path.of(rs.getString("script_snapshot_path")),
                Columns.stringList(rs.getString("args_json")),
                Columns.stringList(rs.getString("exports_json")),
                rs.getString("array_spec"),
                optionalInt(rs, "throttle"),
                rs.getString("job_name"),
                rs.getString("output_pattern"),
                rs.getString("error_pattern"),
                rs.getString("config_yaml"),
                Optional.ofNullable(rs.getString("config_source_path")).map(Path::of),
                rs.getInt("start_level"),
                rs.getInt("max_level"),
                Path.of(rs.getString("work_dir")),
                Path.of(rs.getString("chain_dir")),
                rs.getString("submit_host"),
                rs.getString("user_name"));
    }

    // ---- rounds ----

    public void insertRound(RoundRecord r) {
        requireWritable();
        update("""
                INSERT INTO rounds (chain_id, number, level, indices, parent_round, kind, status, created_at,
                    submitted_at, decided_at, closed_at, exclude_nodes_json)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                r.chainId(), r.number(), r.level(), IndexSetCodec.encode(r.indices()), boxed(r.parentRound()),
                r.kind().name(), r.status().name(), Columns.instant(r.createdAt()),
                r.submittedAt().map(Columns::instant).orElse(null), r.decidedAt().map(Columns::instant).orElse(null),
                r.closedAt().map(Columns::instant).orElse(null), Columns.stringList(r.excludeNodes()));
    }

    public Optional<RoundRecord> round(String chainId, int number) {
        return first(query("SELECT * FROM rounds WHERE chain_id = ? AND number = ?", StoreTransaction::roundRow,
                chainId, number));
    }

    /** A chain's rounds in number order. */
    public List<RoundRecord> rounds(String chainId) {
        return query("SELECT * FROM rounds WHERE chain_id = ? ORDER BY number", StoreTransaction::roundRow, chainId);
    }

    /** One more than the highest round number of the chain (1 for a chain without rounds). */
    /**
     * Whether any round of the chain is PLANNED, SUBMITTED or DECIDED: something of it may still run. Answered
     * without reading (and decoding the index sets of) the rounds.
     */
    public boolean hasActiveRound(String chainId) {
        return query("SELECT EXISTS (SELECT 1 FROM rounds WHERE chain_id = ?"
                + " AND status IN ('PLANNED', 'SUBMITTED', 'DECIDED'))", rs -> rs.getInt(1) == 1, chainId).get(0);
    }

    /** The numbers of the rounds that the handler of round {@code parent} planned, in order. */
    public List<Integer> childRoundNumbers(String chainId, int parent) {
        return query("SELECT number FROM rounds WHERE chain_id = ? AND parent_round = ? ORDER BY number",
                rs -> rs.getInt(1), chainId, parent);
    }

    public int nextRoundNumber(String chainId) {
        return query("SELECT COALESCE(MAX(number), 0) + 1 FROM rounds WHERE chain_id = ?", rs -> rs.getInt(1),
                chainId).get(0);
    }

    /**
     * Compare-and-set of a round's status: moves it from {@code from} to {@code to} and stamps the matching time
     * (SUBMITTED: submitted_at; DECIDED: decided_at; DONE, SUBMIT_FAILED: closed_at).
     *
     * @return false if the round is not in {@code from} (someone else moved it first), or does not exist
     * @throws IllegalArgumentException if {@code from -> to} is not a transition {@link RoundStatus} allows
     */
    public boolean transitionRound(String chainId, int number, RoundStatus from, RoundStatus to, Instant at) {
        requireWritable();
        if (!from.canMoveTo(to)) {
            throw new IllegalArgumentException("a round cannot go from " + from + " to " + to + "; from " + from
                    + " it can go to " + from.successors());
        }
        String stampColumn = switch (to) {
            case SUBMITTED -> "submitted_at";
            case DECIDED -> "decided_at";
            case DONE, SUBMIT_FAILED -> "closed_at";
            case PLANNED -> throw new IllegalArgumentException("no transition leads back to PLANNED");
        };
        int changed = update("UPDATE rounds SET status = ?, " + stampColumn + " = ?"
                        + " WHERE chain_id = ? AND number = ? AND status = ?",
                to.name(), Columns.instant(at), chainId, number, from.name());
        return changed == 1;
    }

    private static RoundRecord roundRow(ResultSet rs) throws SQLException {
        return new RoundRecord(
                rs.getString("chain_id"),
                rs.getInt("number"),
                rs.getInt("level"),
                IndexSetCodec.decode(rs.getString("indices")),
                optionalInt(rs, "parent_round"),
                RoundKind.valueOf(rs.getString("kind")),
                RoundStatus.valueOf(rs.getString("status")),
                Columns.instant(rs.getString("created_at")),
                optionalInstant(rs, "submitted_at"),
                optionalInstant(rs, "decided_at"),
                optionalInstant(rs, "closed_at"),
                Columns.stringList(rs.getString("exclude_nodes_json")));
    }

    // ---- jobs ----

    public void insertJob(JobRecord j) {
        requireWritable();
        JobKey k = j.key();
        update("""
                INSERT INTO jobs (chain_id, round, role, part, job_name, argv_json, indices, array_spec, status,
                    slurm_job_id, claim_owner, claimed_at, intended_at, submitted_at, last_error)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                k.chainId(), k.round(), k.role().name(), k.part(), j.jobName(), Columns.stringList(j.argv()),
                j.indices().map(IndexSetCodec::encode).orElse(null), j.arraySpec().orElse(null), j.status().name(),
                j.slurmJobId().orElse(null), j.claimOwner().orElse(null),
                j.claimedAt().map(Columns::instant).orElse(null), Columns.instant(j.intendedAt()),
                j.submittedAt().map(Columns::instant).orElse(null), j.lastError().orElse(null));
    }

    public Optional<JobRecord> job(JobKey key) {
        return first(query("SELECT * FROM jobs WHERE chain_id = ? AND round = ? AND role = ? AND part = ?",
                StoreTransaction::jobRow, key.chainId(), key.round(), key.role().name(), key.part()));
    }

    /** The job sbatch gave this id (an array part's id is the array's job id, without {@code _index}). */
    public Optional<JobRecord> jobBySlurmJobId(String slurmJobId) {
        return first(query("SELECT * FROM jobs WHERE slurm_job_id = ?", StoreTransaction::jobRow, slurmJobId));
    }

    /** A chain's jobs by round, role, part. */
    public List<JobRecord> jobs(String chainId) {
        return query("SELECT * FROM jobs WHERE chain_id = ? ORDER BY round, role, part", StoreTransaction::jobRow,
                chainId);
    }

    /** A round's jobs by role, part. */
    public List<JobRecord> jobs(String chainId, int round) {
        return query("SELECT * FROM jobs WHERE chain_id = ? AND round = ? ORDER BY role, part",
                StoreTransaction::jobRow, chainId, round);
    }

    /**
     * Claims a job for submission (compare-and-set): INTENDED becomes SUBMITTING owned by {@code owner}; a job
     * already SUBMITTING whose claim is older than {@code staleAfter} (its submitter presumably died between the claim
     * and recording the result) is taken over the same way.
     *
     * @return true if the caller now owns the claim and should run sbatch; false if the job is claimed by someone
     *     else recently, or already submitted, failed or cancelled
     */
    public boolean claimJob(JobKey key, String owner, Instant now, Duration staleAfter) {
        requireWritable();
        Instant staleBefore = now.minus(staleAfter);
        int changed = update("""
                UPDATE jobs SET status = 'SUBMITTING', claim_owner = ?, claimed_at = ?
                WHERE chain_id = ? AND round = ? AND role = ? AND part = ?
                  AND (status = 'INTENDED' OR (status = 'SUBMITTING' AND claimed_at < ?))
                """,
                owner, Columns.instant(now), key.chainId(), key.round(), key.role().name(), key.part(),
                Columns.instant(staleBefore));
        return changed == 1;
    }

    /**
     * Records sbatch's job id for a job {@code owner} claimed, and the argv sbatch was actually given (it differs
     * from the intent by the dependency on job ids known only at submission).
     *
     * @return false if {@code owner} no longer holds the claim (it was taken over as stale, and the job may have
     *     been submitted twice): the caller should cancel its own Slurm job
     */
    public boolean markJobSubmitted(JobKey key, String owner, String slurmJobId, List<String> submittedArgv,
            Instant at) {
        requireWritable();
        int changed = update("""
                UPDATE jobs SET status = 'SUBMITTED', slurm_job_id = ?, submitted_at = ?, argv_json = ?
                WHERE chain_id = ? AND round = ? AND role = ? AND part = ?
                  AND status = 'SUBMITTING' AND claim_owner = ?
                """,
                slurmJobId, Columns.instant(at), Columns.stringList(submittedArgv), key.chainId(), key.round(),
                key.role().name(), key.part(), owner);
        return changed == 1;
    }

    /**
     * Records that sbatch failed for good for a job {@code owner} claimed.
     *
     * @return false if {@code owner} no longer holds the claim
     */
    public boolean markJobFailed(JobKey key, String owner, String error) {
        requireWritable();
        int changed = update("""
                UPDATE jobs SET status = 'SUBMIT_FAILED', last_error = ?
                WHERE chain_id = ? AND round = ? AND role = ? AND part = ?
                  AND status = 'SUBMITTING' AND claim_owner = ?
                """,
                error, key.chainId(), key.round(), key.role().name(), key.part(), owner);
        return changed == 1;
    }

    /** Marks a job CANCELLED, whatever its status. */
    public void markJobCancelled(JobKey key) {
        requireWritable();
        int changed = update("""
                UPDATE jobs SET status = 'CANCELLED'
                WHERE chain_id = ? AND round = ? AND role = ? AND part = ?
                """,
                key.chainId(), key.round(), key.role().name(), key.part());
        requireFound(changed, "job " + key);
    }

    private static JobRecord jobRow(ResultSet rs) throws SQLException {
        return new JobRecord(
                new JobKey(rs.getString("chain_id"), rs.getInt("round"), JobRole.valueOf(rs.getString("role")),
                        rs.getInt("part")),
                rs.getString("job_name"),
                Columns.stringList(rs.getString("argv_json")),
                Optional.ofNullable(rs.getString("indices")).map(IndexSetCodec::decode),
                Optional.ofNullable(rs.getString("array_spec")),
                JobStatus.valueOf(rs.getString("status")),
                Optional.ofNullable(rs.getString("slurm_job_id")),
                Optional.ofNullable(rs.getString("claim_owner")),
                optionalInstant(rs, "claimed_at"),
                Columns.instant(rs.getString("intended_at")),
                optionalInstant(rs, "submitted_at"),
                Optional.ofNullable(rs.getString("last_error")));
    }

    // ---- attempts ----

    /** Inserts attempts in batches; a second attempt with the same (chain, index, round) is an error. */
    public void insertAttempts(List<AttemptRecord> attempts) {
        requireWritable();
        batch("""
                INSERT INTO attempts (chain_id, task_index, round, level, slurm_job_id, state, raw_state, exit_code,
                    signal, elapsed_seconds, max_rss_bytes, node, started_at, ended_at, outcome, reason)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                attempts, (ps, a) -> bind(ps, a.chainId(), a.index(), a.round(), a.level(), a.slurmJobId(),
                        a.state(), a.rawState(), a.exitCode(), a.signal(), boxed(a.elapsedSeconds()),
                        boxed(a.maxRssBytes()), a.node().orElse(null), a.start().map(Columns::instant).orElse(null),
                        a.end().map(Columns::instant).orElse(null), a.outcome().name(), a.reason()));
    }

    /** A chain's attempts by round, then index. */
    public List<AttemptRecord> attempts(String chainId) {
        return query("SELECT * FROM attempts WHERE chain_id = ? ORDER BY round, task_index",
                StoreTransaction::attemptRow, chainId);
    }

    /** A round's attempts by index. */
    public List<AttemptRecord> attempts(String chainId, int round) {
        return query("SELECT * FROM attempts WHERE chain_id = ? AND round = ? ORDER BY task_index",
                StoreTransaction::attemptRow, chainId, round);
    }

    /**
     * For each of {@code indices}, how many of its attempts in rounds before {@code beforeRound} had the outcome
     * RETRY_SAME_LEVEL. Indices with none are absent from the map ({@code getOrDefault(index, 0)}).
     */
    public Map<Integer, Integer> sameLevelRetryCounts(String chainId, IndexSet indices, int beforeRound) {
        Map<Integer, Integer> counts = new HashMap<>();
        for (int[] row : query("""
                        SELECT task_index, COUNT(*) FROM attempts
                        WHERE chain_id = ? AND round < ? AND outcome = ?
                        GROUP BY task_index
                        """,
                rs -> new int[] {rs.getInt(1), rs.getInt(2)}, chainId, beforeRound, Outcome.RETRY_SAME_LEVEL.name())) {
            if (indices.contains(row[0])) {
                counts.put(row[0], row[1]);
            }
        }
        return counts;
    }

    private static AttemptRecord attemptRow(ResultSet rs) throws SQLException {
        return new AttemptRecord(
                rs.getString("chain_id"),
                rs.getInt("task_index"),
                rs.getInt("round"),
                rs.getInt("level"),
                rs.getString("slurm_job_id"),
                rs.getString("state"),
                rs.getString("raw_state"),
                rs.getInt("exit_code"),
                rs.getInt("signal"),
                optionalLong(rs, "elapsed_seconds"),
                optionalLong(rs, "max_rss_bytes"),
                Optional.ofNullable(rs.getString("node")),
                optionalInstant(rs, "started_at"),
                optionalInstant(rs, "ended_at"),
                Outcome.valueOf(rs.getString("outcome")),
                rs.getString("reason"));
    }

    // ---- final outcomes ----

    /**
     * Inserts final outcomes in batches. A task gets exactly one: if any of {@code outcomes} names a task that
     * already has one (or two of them name the same task), nothing of this call is kept and
     * {@link DuplicateOutcomeException} names the task.
     */
    public void insertOutcomes(List<TaskOutcomeRecord> outcomes) {
        requireWritable();
        execute("SAVEPOINT insert_outcomes");
        try {
            batch("""
                    INSERT INTO task_outcomes (chain_id, task_index, outcome, round, level, reason)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                    outcomes, (ps, o) -> bind(ps, o.chainId(), o.index(), o.outcome().name(), o.round(), o.level(),
                            o.reason()));
        } catch (StoreException e) {
            execute("ROLLBACK TO insert_outcomes");
            execute("RELEASE insert_outcomes");
            throw duplicateIn(outcomes).<StoreException>map(d -> new DuplicateOutcomeException(d.chainId(),
                    d.index(), e)).orElse(e);
        }
        execute("RELEASE insert_outcomes");
    }

    /** Finds the first outcome that repeats an earlier one of the list or one already stored. */
    private Optional<TaskOutcomeRecord> duplicateIn(List<TaskOutcomeRecord> outcomes) {
        Map<String, BitSet> seen = new HashMap<>();
        for (TaskOutcomeRecord o : outcomes) {
            BitSet indices = seen.computeIfAbsent(o.chainId(), this::storedOutcomeIndices);
            if (indices.get(o.index())) {
                return Optional.of(o);
            }
            indices.set(o.index());
        }
        return Optional.empty();
    }

    private BitSet storedOutcomeIndices(String chainId) {
        BitSet indices = new BitSet();
        query("SELECT task_index FROM task_outcomes WHERE chain_id = ?", rs -> rs.getInt(1), chainId)
                .forEach(indices::set);
        return indices;
    }

    /** A chain's final outcomes by index. */
    public List<TaskOutcomeRecord> outcomes(String chainId) {
        return query("SELECT * FROM task_outcomes WHERE chain_id = ? ORDER BY task_index",
                rs -> new TaskOutcomeRecord(rs.getString("chain_id"), rs.getInt("task_index"),
                        FinalOutcome.valueOf(rs.getString("outcome")), rs.getInt("round"), rs.getInt("level"),
                        rs.getString("reason")),
                chainId);
    }

    /** How many tasks of the chain ended in each final outcome; every outcome is a key (0 if none). */
    public Map<FinalOutcome, Integer> outcomeCounts(String chainId) {
        Map<FinalOutcome, Integer> counts = new EnumMap<>(FinalOutcome.class);
        for (FinalOutcome outcome : FinalOutcome.values()) {
            counts.put(outcome, 0);
        }
        query("SELECT outcome, COUNT(*) FROM task_outcomes WHERE chain_id = ? GROUP BY outcome",
                rs -> Map.entry(FinalOutcome.valueOf(rs.getString(1)), rs.getInt(2)), chainId)
                .forEach(e -> counts.put(e.getKey(), e.getValue()));
        return counts;
    }

    // ---- events ----

    public void appendEvent(String chainId, OptionalInt round, String kind, String message, Instant at) {
        requireWritable();
        update("INSERT INTO events (chain_id, at, round, kind, message) VALUES (?, ?, ?, ?, ?)",
                chainId, Columns.instant(at), boxed(round), kind, message);
    }

    /** A chain's events in the order they were appended. */
    public List<EventRecord> events(String chainId) {
        return query("SELECT * FROM events WHERE chain_id = ? ORDER BY id",
                rs -> new EventRecord(rs.getLong("id"), rs.getString("chain_id"),
                        Columns.instant(rs.getString("at")), optionalInt(rs, "round"), rs.getString("kind"),
                        rs.getString("message")),
                chainId);
    }

    // ---- schema, for ChainStore ----

    int userVersion() {
        return query("PRAGMA user_version", rs -> rs.getInt(1)).get(0);
    }

    void setUserVersion(int version) {
        requireWritable();
        execute("PRAGMA user_version = " + version); // PRAGMA takes no bound parameters; version is an int.
    }

    void executeDdl(String sql) {
        requireWritable();
        execute(sql);
    }

    // ---- JDBC plumbing: prepared statements only, values always bound ----

    @FunctionalInterface
    private interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    @FunctionalInterface
    private interface RowBinder<R> {
        void bind(PreparedStatement ps, R row) throws SQLException;
    }

    private int update(String sql, Object... values) {
        requireOpen();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            bind(ps, values);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw failed(sql, e);
        }
    }

    private <T> List<T> query(String sql, RowMapper<T> mapper, Object... values) {
        requireOpen();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            bind(ps, values);
            List<T> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(mapper.map(rs));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw failed(sql, e);
        }
    }

    private <R> void batch(String sql, List<R> rows, RowBinder<R> binder) {
        requireOpen();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            int pending = 0;
            for (R row : rows) {
                binder.bind(ps, row);
                ps.addBatch();
                pending++;
                if (pending == BATCH_SIZE) {
                    ps.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                ps.executeBatch();
            }
        } catch (SQLException e) {
            throw failed(sql, e);
        }
    }

    private void execute(String sql) {
        requireOpen();
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw failed(sql, e);
        }
    }

    private static void bind(PreparedStatement ps, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            ps.setObject(i + 1, values[i]);
        }
    }

    private static StoreException failed(String sql, SQLException e) {
        String statement = sql.strip().lines().findFirst().orElse(sql);
        return new StoreException(e.getMessage() + " (in: " + statement + " ...)", e);
    }

    private void requireOpen() {
        if (ended) {
            throw new IllegalStateException("this StoreTransaction has ended; use it only inside its function");
        }
    }

    private void requireWritable() {
        requireOpen();
        if (!writable) {
            throw new IllegalStateException("a read transaction cannot change the store; use ChainStore.write");
        }
    }

    private static void requireFound(int changedRows, String what) {
        if (changedRows == 0) {
            throw new StoreException("no such " + what + " in the store");
        }
    }

    private static <T> Optional<T> first(List<T> rows) {
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    private static Integer boxed(OptionalInt value) {
        return value.isPresent() ? value.getAsInt() : null;
    }

    private static Long boxed(OptionalLong value) {
        return value.isPresent() ? value.getAsLong() : null;
    }

    private static Optional<Instant> optionalInstant(ResultSet rs, String column) throws SQLException {
        return Optional.ofNullable(rs.getString(column)).map(Columns::instant);
    }

    private static OptionalInt optionalInt(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? OptionalInt.empty() : OptionalInt.of(value);
    }

    private static OptionalLong optionalLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(value);
    }
}
