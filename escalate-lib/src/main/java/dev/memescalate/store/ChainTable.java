package dev.memescalate.store;

import static dev.memescalate.store.Sql.boxed;
import static dev.memescalate.store.Sql.instantOrNull;
import static dev.memescalate.store.Sql.optionalInstant;
import static dev.memescalate.store.Sql.optionalInt;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The {@code chains} table: one row per {@code mem-escalate submit}. */
public final class ChainTable {
    private final Sql sql;

    ChainTable(Sql sql) {
        this.sql = sql;
    }

    public void insert(ChainRecord c) {
        sql.update("""
                INSERT INTO chains (id, created_at, status, ended_at, script_path, script_snapshot_path, args_json,
                    exports_json, array_spec, throttle, job_name, output_pattern, error_pattern, config_yaml,
                    config_source_path, start_level, max_level, work_dir, chain_dir, submit_host, user_name,
                    sbatch_options_json)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                c.id(), Columns.instant(c.createdAt()), c.status().name(), instantOrNull(c.endedAt()),
                c.scriptPath().toString(), c.scriptSnapshotPath().toString(), Columns.stringList(c.args()),
                Columns.stringList(c.exports()), c.arraySpec(), boxed(c.throttle()), c.jobName(), c.outputPattern(),
                c.errorPattern(), c.configYaml(), c.configSourcePath().map(Path::toString).orElse(null),
                c.startLevel(), c.maxLevel(), c.workDir().toString(), c.chainDir().toString(), c.submitHost(),
                c.user(), Columns.stringList(c.sbatchOptions()));
    }

    public Optional<ChainRecord> find(String id) {
        return sql.first("SELECT * FROM chains WHERE id = ?", ChainTable::row, id);
    }

    /** All chains, oldest first. */
    public List<ChainRecord> all() {
        return sql.query("SELECT * FROM chains ORDER BY created_at, id", ChainTable::row);
    }

    /** The chains created at or after {@code since}, newest first. */
    public List<ChainRecord> createdSince(Instant since) {
        return sql.query("SELECT * FROM chains WHERE created_at >= ? ORDER BY created_at DESC, id",
                ChainTable::row, Columns.instant(since));
    }

    /** Sets a chain's status (and end time, if given; an empty one leaves the stored end time as it is). */
    public void updateStatus(String id, ChainStatus status, Optional<Instant> endedAt) {
        int changed = sql.update("UPDATE chains SET status = ?, ended_at = COALESCE(?, ended_at) WHERE id = ?",
                status.name(), instantOrNull(endedAt), id);
        Sql.requireFound(changed, "chain " + id);
    }

    /**
     * Compare-and-set of a chain's status: moves it from one of {@code from} to {@code to}.
     *
     * @return false if the chain is in none of {@code from} (someone else moved it first), or does not exist
     */
    public boolean transition(String id, List<ChainStatus> from, ChainStatus to, Optional<Instant> endedAt) {
        if (from.isEmpty()) {
            throw new IllegalArgumentException("a transition needs at least one status to move from");
        }
        String placeholders = String.join(", ", from.stream().map(s -> "?").toList());
        Object[] values = new Object[3 + from.size()];
        values[0] = to.name();
        values[1] = instantOrNull(endedAt);
        values[2] = id;
        for (int i = 0; i < from.size(); i++) {
            values[3 + i] = from.get(i).name();
        }
        return sql.update("UPDATE chains SET status = ?, ended_at = COALESCE(?, ended_at) WHERE id = ?"
                + " AND status IN (" + placeholders + ")", values) == 1;
    }

    /** Records the SHA-256 of the chain's script as submitted (hex): later chains of the same script learn from it. */
    public void setScriptSha256(String id, String sha256) {
        int changed = sql.update("UPDATE chains SET script_sha256 = ? WHERE id = ?", sha256, id);
        Sql.requireFound(changed, "chain " + id);
    }

    /** The SHA-256 recorded for the chain's script; empty for chains submitted before it was recorded. */
    public Optional<String> scriptSha256(String id) {
        return sql.first("SELECT script_sha256 FROM chains WHERE id = ?", rs -> rs.getString(1), id)
                .filter(java.util.Objects::nonNull);
    }

    /** Records the cluster's limits as {@code submit} read them (JSON written and read by the engine). */
    public void setLimits(String id, String limitsJson) {
        sql.update("INSERT OR REPLACE INTO chain_limits (chain_id, limits_json) VALUES (?, ?)", id, limitsJson);
    }

    /** The cluster's limits recorded at submission; empty for a chain submitted before they were recorded. */
    public Optional<String> limits(String id) {
        return sql.first("SELECT limits_json FROM chain_limits WHERE chain_id = ?", rs -> rs.getString(1), id);
    }

    private static ChainRecord row(ResultSet rs) throws SQLException {
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
                rs.getString("user_name"),
                Optional.ofNullable(rs.getString("sbatch_options_json")).map(Columns::stringList).orElse(List.of()));
    }
}
