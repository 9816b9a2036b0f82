package dev.memescalate.store;

import static dev.memescalate.store.Sql.boxed;
import static dev.memescalate.store.Sql.instantOrNull;
import static dev.memescalate.store.Sql.optionalInstant;
import static dev.memescalate.store.Sql.optionalInt;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@code rounds} table: one row per round of a chain, with its task indices and where it stands. */
public final class RoundTable {
    private final Sql sql;

    RoundTable(Sql sql) {
        this.sql = sql;
    }

    public void insert(RoundRecord r) {
        sql.update("""
                INSERT INTO rounds (chain_id, number, level, indices, parent_round, kind, status, created_at,
                    submitted_at, decided_at, closed_at, exclude_nodes_json, time_level)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                r.chainId(), r.number(), r.level(), IndexSetCodec.encode(r.indices()), boxed(r.parentRound()),
                r.kind().name(), r.status().name(), Columns.instant(r.createdAt()), instantOrNull(r.submittedAt()),
                instantOrNull(r.decidedAt()), instantOrNull(r.closedAt()), Columns.stringList(r.excludeNodes()),
                boxed(r.timeLevel()));
    }

    public Optional<RoundRecord> find(String chainId, int number) {
        return sql.first("SELECT * FROM rounds WHERE chain_id = ? AND number = ?", RoundTable::row, chainId,
                number);
    }

    /** A chain's rounds in number order. */
    public List<RoundRecord> forChain(String chainId) {
        return sql.query("SELECT * FROM rounds WHERE chain_id = ? ORDER BY number", RoundTable::row, chainId);
    }

    /**
     * Whether any round of the chain is PLANNED, SUBMITTED or DECIDED: something of it may still run. Answered
     * without reading (and decoding the index sets of) the rounds.
     */
    public boolean hasActive(String chainId) {
        return sql.query("SELECT EXISTS (SELECT 1 FROM rounds WHERE chain_id = ?"
                + " AND status IN ('PLANNED', 'SUBMITTED', 'DECIDED'))", rs -> rs.getInt(1) == 1, chainId).get(0);
    }

    /**
     * The highest level any round of each chain created at or after {@code since} ran at, by chain id (of a by_reason
     * round the higher of its memory and time level).
     */
    public Map<String, Integer> highestLevelsOfChainsCreatedSince(Instant since) {
        Map<String, Integer> levels = new HashMap<>();
        sql.forEach("SELECT r.chain_id, MAX(MAX(r.level, COALESCE(r.time_level, r.level))) FROM rounds r JOIN chains c ON c.id = r.chain_id"
                        + " WHERE c.created_at >= ? GROUP BY r.chain_id",
                rs -> levels.put(rs.getString(1), rs.getInt(2)), Columns.instant(since));
        return levels;
    }

    /** Every round's number and status, {@code 1:DONE,2:SUBMITTED}: it changes whenever a round moves on. */
    public String statusToken(String chainId) {
        return String.join(",", sql.query("SELECT number, status FROM rounds WHERE chain_id = ? ORDER BY number",
                rs -> rs.getInt(1) + ":" + rs.getString(2), chainId));
    }

    /** The numbers of the rounds that the handler of round {@code parent} planned, in order. */
    public List<Integer> childNumbers(String chainId, int parent) {
        return sql.query("SELECT number FROM rounds WHERE chain_id = ? AND parent_round = ? ORDER BY number",
                rs -> rs.getInt(1), chainId, parent);
    }

    /** One more than the highest round number of the chain (1 for a chain without rounds). */
    public int nextNumber(String chainId) {
        return sql.query("SELECT COALESCE(MAX(number), 0) + 1 FROM rounds WHERE chain_id = ?", rs -> rs.getInt(1),
                chainId).get(0);
    }

    /**
     * Compare-and-set of a round's status: moves it from {@code from} to {@code to} and stamps the matching time
     * (SUBMITTED: submitted_at; DECIDED: decided_at; DONE, SUBMIT_FAILED, CANCELLED: closed_at).
     *
     * @return false if the round is not in {@code from} (someone else moved it first), or does not exist
     * @throws IllegalArgumentException if {@code from -> to} is not a transition {@link RoundStatus} allows
     */
    public boolean transition(String chainId, int number, RoundStatus from, RoundStatus to, Instant at) {
        if (!from.canMoveTo(to)) {
            throw new IllegalArgumentException("a round cannot go from " + from + " to " + to + "; from " + from
                    + " it can go to " + from.successors());
        }
        String stampColumn = switch (to) {
            case SUBMITTED -> "submitted_at";
            case DECIDED -> "decided_at";
            case DONE, SUBMIT_FAILED, CANCELLED -> "closed_at";
            case PLANNED -> throw new IllegalArgumentException("no transition leads back to PLANNED");
        };
        int changed = sql.update("UPDATE rounds SET status = ?, " + stampColumn + " = ?"
                        + " WHERE chain_id = ? AND number = ? AND status = ?",
                to.name(), Columns.instant(at), chainId, number, from.name());
        return changed == 1;
    }

    private static RoundRecord row(ResultSet rs) throws SQLException {
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
                Columns.stringList(rs.getString("exclude_nodes_json")),
                optionalInt(rs, "time_level"));
    }
}
