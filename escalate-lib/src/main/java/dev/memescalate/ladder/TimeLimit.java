package dev.memescalate.ladder;

import java.time.Duration;

/**
 * A wall-clock limit as Slurm's {@code --time} takes it, held in seconds. Slurm rounds up to whole minutes.
 *
 * <p>PLACEHOLDER parse: the config work gives it every form Slurm accepts.
 */
public record TimeLimit(long seconds) implements Comparable<TimeLimit> {
    public TimeLimit {
        if (seconds <= 0) {
            throw new IllegalArgumentException("time limit must be > 0 s, got " + seconds);
        }
    }

    public static TimeLimit ofMinutes(long minutes) {
        return new TimeLimit(minutes * 60);
    }

    public Duration toDuration() {
        return Duration.ofSeconds(seconds);
    }

    /** Whole minutes, rounded up as slurmctld does. */
    public long minutesRoundedUp() {
        return (seconds + 59) / 60;
    }

    /** The {@code --time} value: {@code D-HH:MM:SS} from a day on, else {@code HH:MM:SS}. */
    public String toSlurm() {
        long days = seconds / 86_400;
        long h = seconds % 86_400 / 3600;
        long m = seconds % 3600 / 60;
        long s = seconds % 60;
        String hms = String.format("%02d:%02d:%02d", h, m, s);
        return days > 0 ? days + "-" + hms : hms;
    }

    @Override
    public int compareTo(TimeLimit other) {
        return Long.compare(seconds, other.seconds);
    }

    @Override
    public String toString() {
        return toSlurm();
    }
}
