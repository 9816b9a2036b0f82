package dev.memescalate.store;

import static dev.memescalate.store.Sql.boxed;
import static dev.memescalate.store.Sql.optionalInt;

import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;

/** The {@code events} table: a chain's history, one line per thing that happened, for status and reports. */
public final class EventTable {
    private final Sql sql;

    EventTable(Sql sql) {
        this.sql = sql;
    }

    public void append(String chainId, OptionalInt round, String kind, String message, Instant at) {
        sql.update("INSERT INTO events (chain_id, at, round, kind, message) VALUES (?, ?, ?, ?, ?)",
                chainId, Columns.instant(at), boxed(round), kind, message);
    }

    /** A chain's events in the order they were appended. */
    public List<EventRecord> forChain(String chainId) {
        return sql.query("SELECT * FROM events WHERE chain_id = ? ORDER BY id",
                rs -> new EventRecord(rs.getLong("id"), rs.getString("chain_id"),
                        Columns.instant(rs.getString("at")), optionalInt(rs, "round"), rs.getString("kind"),
                        rs.getString("message")),
                chainId);
    }

    /** The chain's latest event of one of these kinds, if any. */
    public java.util.Optional<EventRecord> latestOfKinds(String chainId, List<String> kinds) {
        String placeholders = String.join(", ", kinds.stream().map(k -> "?").toList());
        Object[] values = new Object[kinds.size() + 1];
        values[0] = chainId;
        for (int i = 0; i < kinds.size(); i++) {
            values[i + 1] = kinds.get(i);
        }
        return sql.first("SELECT * FROM events WHERE chain_id = ? AND kind IN (" + placeholders + ")"
                        + " ORDER BY id DESC LIMIT 1",
                rs -> new EventRecord(rs.getLong("id"), rs.getString("chain_id"), Columns.instant(rs.getString("at")),
                        optionalInt(rs, "round"), rs.getString("kind"), rs.getString("message")),
                values);
    }

    /** The id of the chain's latest event (0 when it has none): it grows with every change worth showing. */
    public long lastId(String chainId) {
        return sql.query("SELECT COALESCE(MAX(id), 0) FROM events WHERE chain_id = ?", rs -> rs.getLong(1),
                chainId).get(0);
    }
}
