package dev.memescalate.observe;

import java.time.Duration;

/** Durations as people read them in a terminal. */
public final class Durations {
    private Durations() {
    }

    /** {@code 45s}, {@code 3m02s}, {@code 2h05m}, {@code 3d04h}: two units at most, the larger first. */
    public static String compact(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m" + String.format("%02d", s % 60) + "s";
        }
        if (s < 86_400) {
            return (s / 3600) + "h" + String.format("%02d", (s % 3600) / 60) + "m";
        }
        return (s / 86_400) + "d" + String.format("%02d", (s % 86_400) / 3600) + "h";
    }

    /** {@code 00:00:31}, {@code 1-02:03:04}: Slurm's own elapsed form. */
    public static String clock(Duration d) {
        long s = Math.max(0, d.toSeconds());
        String hms = String.format("%02d:%02d:%02d", (s % 86_400) / 3600, (s % 3600) / 60, s % 60);
        return s >= 86_400 ? (s / 86_400) + "-" + hms : hms;
    }
}
