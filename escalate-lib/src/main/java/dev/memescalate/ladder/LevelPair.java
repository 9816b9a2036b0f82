package dev.memescalate.ladder;

/**
 * Where a task stands on the ladder under {@code escalation: by_reason}: its memory level and its time level, each
 * counted on the same ladder. A lockstep chain's tasks always have both the same.
 */
public record LevelPair(int memory, int time) {
    public LevelPair {
        if (memory < 0) {
            throw new IllegalArgumentException("memory level must be >= 0, got " + memory);
        }
        if (time < 0) {
            throw new IllegalArgumentException("time level must be >= 0, got " + time);
        }
    }

    /** Both dimensions at {@code level}. */
    public static LevelPair lockstep(int level) {
        return new LevelPair(level, level);
    }

    public boolean isLockstep() {
        return memory == time;
    }

    /** The level whose partition and options the pair runs with: the higher of the two. */
    public int higher() {
        return Math.max(memory, time);
    }

    /** {@code mem 1 / time 0}, as the views show a by_reason round. */
    public String label() {
        return "mem " + memory + " / time " + time;
    }

    @Override
    public String toString() {
        return "(" + memory + ", " + time + ")";
    }
}
