package dev.memescalate.slurm;

import java.time.Duration;

/** Waits for a while. Injected wherever code waits, so unit tests record the waits instead of sleeping. */
@FunctionalInterface
public interface Sleeper {
    /** Sleeps on the current thread with {@link Thread#sleep(long)}. */
    Sleeper THREAD_SLEEP = duration -> Thread.sleep(duration.toMillis());

    void sleep(Duration duration) throws InterruptedException;

    /**
     * Sleeps for code that cannot go on when interrupted: keeps the thread's interrupt flag and throws
     * IllegalStateException naming what it was waiting for.
     */
    default void pause(Duration duration, String waitingFor) {
        try {
            sleep(duration);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting " + waitingFor, interrupted);
        }
    }
}
