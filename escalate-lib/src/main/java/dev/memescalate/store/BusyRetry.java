package dev.memescalate.store;

import java.util.Random;

/**
 * How long the store waits for a lock another process holds: SQLite's own {@code busy_timeout} per statement, then
 * whole-transaction retries with jittered exponential backoff. Jitter keeps writers that collided from colliding
 * again in lock step.
 *
 * @param busyTimeoutMs how long SQLite itself retries a locked statement before reporting SQLITE_BUSY
 * @param maxAttempts how many times a transaction is run before its lock failure is reported
 * @param firstBackoffMs the pause before the second attempt; it doubles up to {@code maxBackoffMs}
 */
record BusyRetry(int busyTimeoutMs, int maxAttempts, long firstBackoffMs, long maxBackoffMs) {
    /**
     * Handlers commit in milliseconds, so a lock held for 10 s means a stuck or very slow peer (a stalled NFS
     * server, for instance); 12 attempts give such a peer about two minutes before a writer gives up.
     */
    static final BusyRetry DEFAULT = new BusyRetry(10_000, 12, 20, 2_000);

    BusyRetry {
        if (busyTimeoutMs < 0 || maxAttempts < 1 || firstBackoffMs < 1 || maxBackoffMs < firstBackoffMs) {
            throw new IllegalArgumentException("invalid busy retry policy: " + busyTimeoutMs + " ms, "
                    + maxAttempts + " attempts, backoff " + firstBackoffMs + ".." + maxBackoffMs + " ms");
        }
    }

    /** The pause after failed attempt {@code attempt} (1-based): half the nominal backoff plus a random half. */
    long pauseMs(int attempt, Random random) {
        long nominal = Math.min(maxBackoffMs, firstBackoffMs << Math.min(attempt - 1, 30));
        return nominal / 2 + random.nextLong(nominal / 2 + 1);
    }

    /** How a pause is taken; tests pass one that does not sleep. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }
}
