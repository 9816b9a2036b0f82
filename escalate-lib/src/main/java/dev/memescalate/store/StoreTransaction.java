package dev.memescalate.store;

import java.sql.Connection;
import java.util.function.Consumer;

/**
 * The operations of one transaction, given to the function passed to {@link ChainStore#write} or
 * {@link ChainStore#read}, grouped by table; valid only inside it. Write operations in a read transaction throw
 * {@link IllegalStateException}. Every SQL error becomes a {@link StoreException}, which rolls the whole transaction
 * back when it leaves the function.
 */
public final class StoreTransaction {
    private final Sql sql;
    private final ChainTable chains;
    private final RoundTable rounds;
    private final JobTable jobs;
    private final AttemptTable attempts;
    private final OutcomeTable outcomes;
    private final EventTable events;
    private final StartHistoryTable startHistory;

    StoreTransaction(Connection connection, boolean writable) {
        this.sql = new Sql(connection, writable);
        this.chains = new ChainTable(sql);
        this.rounds = new RoundTable(sql);
        this.jobs = new JobTable(sql);
        this.attempts = new AttemptTable(sql);
        this.outcomes = new OutcomeTable(sql);
        this.events = new EventTable(sql);
        this.startHistory = new StartHistoryTable(sql);
    }

    void end() {
        sql.end();
    }

    public ChainTable chains() {
        return chains;
    }

    public RoundTable rounds() {
        return rounds;
    }

    public JobTable jobs() {
        return jobs;
    }

    public AttemptTable attempts() {
        return attempts;
    }

    public OutcomeTable outcomes() {
        return outcomes;
    }

    public EventTable events() {
        return events;
    }

    public StartHistoryTable startHistory() {
        return startHistory;
    }

    // ---- schema, for ChainStore ----

    int userVersion() {
        return sql.query("PRAGMA user_version", rs -> rs.getInt(1)).get(0);
    }

    void setUserVersion(int version) {
        sql.requireWritable();
        sql.execute("PRAGMA user_version = " + version); // PRAGMA takes no bound parameters; version is an int.
    }

    /** Runs a migration's step in Java ({@link Schema#CONVERSIONS}) on this transaction. */
    void convert(Consumer<Sql> step) {
        sql.requireWritable();
        step.accept(sql);
    }

    void executeDdl(String sql) {
        this.sql.requireWritable();
        this.sql.execute(sql);
    }
}
