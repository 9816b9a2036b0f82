package dev.memescalate.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.Set;
import java.util.Random;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The chain store: one SQLite file (by default {@code ~/.mem-escalate/chains.db}) shared by the submit host and
 * every handler job, possibly over NFS, possibly written by several processes on several hosts at once.
 *
 * <p>Choices, and why:
 * <ul>
 *   <li>Rollback journal ({@code journal_mode=DELETE}), never WAL: WAL needs a shared-memory index that processes
 *       on different NFS clients cannot share. A file found in WAL mode is switched back on open.</li>
 *   <li>Every change is one transaction begun with {@code BEGIN IMMEDIATE}, which takes the write lock at the
 *       start: two writers cannot both read and then both try to upgrade (the deadlock SQLite answers with BUSY),
 *       and a read-modify-write such as {@link StoreTransaction#nextRoundNumber} is safe across processes.</li>
 *   <li>Locks are waited for twice over: {@code busy_timeout} makes SQLite itself retry a statement for 10 s, and a
 *       transaction that still gets SQLITE_BUSY or SQLITE_LOCKED is rolled back and run again, up to 12 times with
 *       jittered exponential backoff from 20 ms to 2 s (see {@link BusyRetry#DEFAULT}). So the work function of
 *       {@link #write} and {@link #read} may run more than once: it must only touch the store.</li>
 *   <li>{@code synchronous=FULL} (SQLite's default for a rollback journal): a committed handler decision survives a
 *       node crash.</li>
 *   <li>One connection per store object; threads of one process sharing it take turns (SQLite allows one writer
 *       at a time anyway).</li>
 * </ul>
 */
public final class ChainStore implements AutoCloseable {
    // SQLite primary result codes (the low byte of an extended code).
    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;
    private static final int SQLITE_FULL = 13;

    private final Path dbFile;
    private final Connection connection;
    private final BusyRetry busyRetry;
    private final BusyRetry.Sleeper sleeper;
    private final Random jitter;
    private final ReentrantLock lock = new ReentrantLock();
    private boolean inTransaction;
    private boolean closed;

    private ChainStore(Path dbFile, Connection connection, BusyRetry busyRetry, BusyRetry.Sleeper sleeper,
            Random jitter) {
        this.dbFile = dbFile;
        this.connection = connection;
        this.busyRetry = busyRetry;
        this.sleeper = sleeper;
        this.jitter = jitter;
    }

    /**
     * Opens (creating if needed, with its parent directories) the store at {@code dbFile} and brings its schema up
     * to date.
     *
     * @throws StoreVersionException if the file was written by a newer mem-escalate
     * @throws StoreException if the file cannot be opened or migrated
     */
    public static ChainStore open(Path dbFile) {
        return open(dbFile, BusyRetry.DEFAULT, Thread::sleep, new Random());
    }

    /** {@link #open(Path)} with the lock-waiting policy, the pause and the jitter source given (for tests). */
    static ChainStore open(Path dbFile, BusyRetry busyRetry, BusyRetry.Sleeper sleeper, Random jitter) {
        Path absolute = dbFile.toAbsolutePath();
        Path dir = absolute.getParent();
        List<Path> createdDirs;
        try {
            createdDirs = PrivateFiles.createDirectories(dir);
        } catch (IOException e) {
            throw new StoreException("cannot create the tracker directory " + dir + " (" + reason(e) + "); nothing"
                    + " was written: make it writable, or choose another tracker directory (MEM_ESCALATE_HOME or"
                    + " --tracker-dir)", e);
        }
        boolean createdHere;
        try {
            // Created here, 0600, before SQLite opens it: SQLite would create it 0644 (and its journal takes the
            // database file's mode).
            createdHere = PrivateFiles.createFileIfMissing(absolute, PrivateFiles.FILE).isPresent();
        } catch (IOException e) {
            removeIfEmpty(createdDirs, e);
            throw new StoreException("cannot create the chain store " + absolute + " (" + reason(e) + "); nothing"
                    + " was written: make " + dir + " writable for you, or choose another tracker directory"
                    + " (MEM_ESCALATE_HOME or --tracker-dir)", e);
        }
        requireOwnedByThisUser(absolute);
        if (!createdHere) {
            makePrivate(absolute);
        }
        ChainStore store = null;
        try {
            store = new ChainStore(absolute, connect(absolute, busyRetry.busyTimeoutMs()), busyRetry, sleeper,
                    jitter);
            store.useRollbackJournal();
            store.migrate();
            return store;
        } catch (RuntimeException e) {
            if (store != null) {
                store.close();
            }
            if (createdHere) {
                removeIfStillEmpty(absolute, e);
                removeIfEmpty(createdDirs, e);
            }
            throw e;
        }
    }

    /**
     * A store belongs to one user: every chain in it runs as that user, and its handler jobs write it. Opening
     * another user's store (a shared or mistyped tracker directory, or root looking at a user's chains) would record
     * jobs submitted by the wrong user, or leave files the owner can no longer write. Checked before SQLite opens it.
     */
    private static void requireOwnedByThisUser(Path file) {
        OptionalInt me = currentUid();
        if (me.isEmpty()) {
            return; // no /proc: the check is left to the file system's permissions
        }
        int owner;
        try {
            owner = (Integer) Files.getAttribute(file, "unix:uid");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return; // not a POSIX file system: as above
        }
        if (owner != me.getAsInt()) {
            // The owner's name only for the message: looking a uid up may ask a directory service (LDAP) on a cluster.
            String ownerName;
            try {
                ownerName = Files.getOwner(file).getName();
            } catch (IOException | UnsupportedOperationException e) {
                ownerName = "uid " + owner;
            }
            throw new StoreException(file + " belongs to user " + ownerName + ", not to you ("
                    + System.getProperty("user.name") + ", uid " + me.getAsInt() + "); nothing was read or"
                    + " written. Use your own tracker directory (MEM_ESCALATE_HOME or --tracker-dir), or run as "
                    + ownerName);
        }
    }

    /**
     * A store that versions before 0600 stores created with SQLite's 0644 (or that anyone made readable) is made
     * {@code 0600}: it holds the chains' arguments and exports. SQLite's journal takes the store's mode. Left as it
     * is when the mode cannot be changed (not a POSIX file system): the file system's permissions then decide.
     */
    private static void makePrivate(Path file) {
        try {
            if (!PrivateFiles.FILE.containsAll(Files.getPosixFilePermissions(file))) {
                Files.setPosixFilePermissions(file, PrivateFiles.FILE);
            }
        } catch (IOException | UnsupportedOperationException e) {
            // as above
        }
    }

    /** The effective uid of this process: the owner of {@code /proc/self} (Linux); empty without /proc. */
    private static OptionalInt currentUid() {
        try {
            return OptionalInt.of((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return OptionalInt.empty();
        }
    }

    /**
     * A store this open created and could not set up (a full disk, say) is removed, so that no half-made file is
     * left. Only while it is still empty: a rolled-back first transaction leaves it at 0 bytes, and a file with
     * content is another process's work.
     */
    private static void removeIfStillEmpty(Path file, RuntimeException failure) {
        try {
            if (Files.size(file) == 0) {
                Files.deleteIfExists(Path.of(file + "-journal"));
                Files.delete(file);
            }
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    /** Removes the directories this open created, innermost first, as long as they are empty. */
    private static void removeIfEmpty(List<Path> createdDirs, Exception failure) {
        for (int i = createdDirs.size() - 1; i >= 0; i--) {
            try {
                Files.deleteIfExists(createdDirs.get(i));
            } catch (java.nio.file.DirectoryNotEmptyException usedMeanwhile) {
                return;
            } catch (IOException e) {
                failure.addSuppressed(e);
                return;
            }
        }
    }

    /** An I/O failure in words: "Permission denied", "No space left on device". */
    private static String reason(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private static Connection connect(Path dbFile, int busyTimeoutMs) {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(busyTimeoutMs);
        config.enforceForeignKeys(true);
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        // A plain path after "jdbc:sqlite:": sqlite-jdbc 3.46.1.3 opens paths with spaces, unicode, '?' and '='
        // as they are (checked by hand for '?' and '='; the tests use a space and unicode).
        dataSource.setUrl("jdbc:sqlite:" + dbFile);
        try {
            return dataSource.getConnection();
        } catch (SQLException e) {
            throw new StoreException("cannot open the chain store " + dbFile + ": " + e.getMessage(), e);
        }
    }

    private void useRollbackJournal() {
        retryingOnBusy(() -> {
            try (Statement statement = connection.createStatement();
                    var rs = statement.executeQuery("PRAGMA journal_mode")) {
                String mode = rs.next() ? rs.getString(1).toLowerCase(Locale.ROOT) : "";
                if (!mode.equals("delete")) {
                    statement.execute("PRAGMA journal_mode=DELETE");
                }
                return null;
            } catch (SQLException e) {
                throw new StoreException("cannot set the journal mode of " + dbFile + ": " + e.getMessage(), e);
            }
        });
    }

    private void migrate() {
        // Check in a read transaction first: an up-to-date store (the usual case) is opened without the write lock.
        // Even a write transaction that changes nothing needs the EXCLUSIVE lock to commit, so it would wait for
        // every reader of every other process.
        int fileVersion = read(StoreTransaction::userVersion);
        requireKnownVersion(fileVersion);
        if (fileVersion == Schema.CURRENT_VERSION) {
            return;
        }
        write(tx -> {
            int lockedVersion = tx.userVersion(); // another process may have migrated in between
            requireKnownVersion(lockedVersion);
            for (int version = lockedVersion; version < Schema.CURRENT_VERSION; version++) {
                for (String sql : Schema.MIGRATIONS.get(version)) {
                    tx.executeDdl(sql);
                }
                Consumer<Sql> conversion = Schema.CONVERSIONS.get(version);
                if (conversion != null) {
                    tx.convert(conversion);
                }
            }
            tx.setUserVersion(Schema.CURRENT_VERSION);
            return null;
        });
    }

    private void requireKnownVersion(int fileVersion) {
        if (fileVersion > Schema.CURRENT_VERSION) {
            throw new StoreVersionException(dbFile, fileVersion, Schema.CURRENT_VERSION);
        }
    }

    /** The schema version this code writes. */
    public static int schemaVersion() {
        return Schema.CURRENT_VERSION;
    }

    public Path file() {
        return dbFile;
    }

    /**
     * Runs {@code work} in one write transaction ({@code BEGIN IMMEDIATE}) and commits; if {@code work} throws, rolls
     * back and rethrows, so nothing of it is kept. On SQLITE_BUSY/LOCKED the whole transaction is rolled back and
     * {@code work} runs again (see the class comment): it must have no effect outside the store.
     */
    public <T> T write(Function<StoreTransaction, T> work) {
        return transaction("BEGIN IMMEDIATE", true, work);
    }

    /** Runs {@code work} in one read transaction: it sees one consistent state of the store. */
    public <T> T read(Function<StoreTransaction, T> work) {
        return transaction("BEGIN DEFERRED", false, work);
    }

    private <T> T transaction(String begin, boolean writable, Function<StoreTransaction, T> work) {
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("the chain store " + dbFile + " is closed");
            }
            if (inTransaction) {
                throw new IllegalStateException("transactions do not nest: use the StoreTransaction you were given");
            }
            inTransaction = true;
            try {
                return retryingOnBusy(() -> runOnce(begin, writable, work));
            } finally {
                inTransaction = false;
            }
        } finally {
            lock.unlock();
        }
    }

    private <T> T runOnce(String begin, boolean writable, Function<StoreTransaction, T> work) {
        execute(begin);
        StoreTransaction tx = new StoreTransaction(connection, writable);
        try {
            T result = work.apply(tx);
            execute("COMMIT");
            return result;
        } catch (RuntimeException | Error e) {
            rollbackAfter(e);
            throw e;
        } finally {
            tx.end();
        }
    }

    private void rollbackAfter(Throwable failure) {
        try (Statement statement = connection.createStatement()) {
            statement.execute("ROLLBACK");
        } catch (SQLException rollbackFailure) {
            // SQLite rolls back by itself after some errors (for example SQLITE_FULL, SQLITE_IOERR); ROLLBACK then
            // reports "no transaction is active", which only confirms nothing was kept.
            failure.addSuppressed(rollbackFailure);
        }
    }

    private void execute(String sql) {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new StoreException(sql + " failed on " + dbFile + ": " + e.getMessage(), e);
        }
    }

    private <T> T retryingOnBusy(Supplier<T> attempt) {
        for (int attemptNumber = 1; ; attemptNumber++) {
            try {
                return attempt.get();
            } catch (RuntimeException e) {
                boolean locked = isBusyOrLocked(e);
                boolean attemptsLeft = attemptNumber < busyRetry.maxAttempts();
                if (locked && !attemptsLeft) {
                    throw new StoreException("the chain store " + dbFile + " stayed locked through "
                            + busyRetry.maxAttempts() + " attempts (each waiting " + busyRetry.busyTimeoutMs()
                            + " ms for the lock); another process may be stuck holding it", e);
                }
                if (!locked && hasCode(e, SQLITE_FULL)) {
                    throw new StoreException("the disk holding " + dbFile + " is full (SQLITE_FULL); SQLite rolled"
                            + " the change back, nothing of it was kept: free space there, or choose another tracker"
                            + " directory (MEM_ESCALATE_HOME or --tracker-dir)", e);
                }
                if (!locked) {
                    throw e;
                }
                pause(busyRetry.pauseMs(attemptNumber, jitter));
            }
        }
    }

    /** True if SQLite's primary result {@code code} (or an extended form of it) is anywhere in the cause chain. */
    private static boolean hasCode(Throwable failure, int code) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && (sql.getErrorCode() & 0xff) == code) {
                return true;
            }
        }
        return false;
    }

    /** True if SQLITE_BUSY or SQLITE_LOCKED (or an extended form) is anywhere in the cause chain. */
    static boolean isBusyOrLocked(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                int primaryCode = sql.getErrorCode() & 0xff;
                if (primaryCode == SQLITE_BUSY || primaryCode == SQLITE_LOCKED) {
                    return true;
                }
            }
        }
        return false;
    }

    private void pause(long millis) {
        try {
            sleeper.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for the lock on the chain store " + dbFile, e);
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            connection.close();
        } catch (SQLException e) {
            throw new StoreException("cannot close the chain store " + dbFile + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }
}
