package dev.memescalate.slurm;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Runs a Slurm call again after a transient failure ({@link SlurmException#isTransient()}), waiting twice as long
 * each time up to a cap. A permanent failure is thrown at once; after the last attempt the last failure is thrown
 * with the earlier ones attached as suppressed exceptions.
 *
 * <p>Use it for calls that are safe to repeat: sacct, squeue, scontrol, scancel. A timed-out {@code sbatch} may
 * have submitted the job before the reply was lost, so repeating a submit blindly can submit twice.
 *
 * @param maxAttempts total number of attempts, at least 1
 * @param firstDelay wait before the second attempt
 * @param maxDelay upper bound for any single wait
 */
public record Retry(int maxAttempts, Duration firstDelay, Duration maxDelay) {

    /** 5 attempts over about 15 s (1, 2, 4, 8 s): rides out a slurmctld or slurmdbd restart. */
    public static final Retry DEFAULT = new Retry(5, Duration.ofSeconds(1), Duration.ofSeconds(8));

    public Retry {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
        }
        if (firstDelay.isNegative() || maxDelay.isNegative()) {
            throw new IllegalArgumentException(
                    "delays must not be negative, got firstDelay=" + firstDelay + " maxDelay=" + maxDelay);
        }
        if (maxDelay.compareTo(firstDelay) < 0) {
            throw new IllegalArgumentException(
                    "maxDelay must be >= firstDelay, got firstDelay=" + firstDelay + " maxDelay=" + maxDelay);
        }
    }

    /** The wait after failed attempt number {@code attempt} (1-based): firstDelay * 2^(attempt-1), capped. */
    public Duration delayAfterAttempt(int attempt) {
        Duration delay = firstDelay;
        for (int i = 1; i < attempt && delay.compareTo(maxDelay) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }

    public <T> T run(Supplier<T> action, Sleeper sleeper) {
        SlurmException firstFailure = null;
        for (int attempt = 1; ; attempt++) {
            try {
                return action.get();
            } catch (SlurmException failure) {
                boolean lastAttempt = attempt >= maxAttempts;
                if (!failure.isTransient() || lastAttempt) {
                    attachEarlier(failure, firstFailure);
                    throw failure;
                }
                if (firstFailure == null) {
                    firstFailure = failure;
                } else {
                    firstFailure.addSuppressed(failure);
                }
                try {
                    sleeper.sleep(delayAfterAttempt(attempt));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    failure.addSuppressed(interrupted);
                    throw failure;
                }
            }
        }
    }

    private static void attachEarlier(SlurmException last, SlurmException firstFailure) {
        if (firstFailure != null && firstFailure != last) {
            last.addSuppressed(firstFailure);
        }
    }
}
