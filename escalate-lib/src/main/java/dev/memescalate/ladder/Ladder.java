package dev.memescalate.ladder;

import java.util.List;

/** The levels in order; level {@code n} is {@code levels().get(n)}. Never empty. */
public record Ladder(List<Level> levels) {
    public Ladder {
        levels = List.copyOf(levels);
        if (levels.isEmpty()) {
            throw new IllegalArgumentException("a ladder needs at least one level");
        }
        for (int i = 0; i < levels.size(); i++) {
            if (levels.get(i).number() != i) {
                throw new IllegalArgumentException("level at position " + i + " is numbered " + levels.get(i).number());
            }
        }
    }

    public Level level(int number) {
        return levels.get(number);
    }

    /**
     * What a task at memory level {@code m} and time level {@code t} runs with: the memory of level m, the time of
     * level t, and the partitions and other options of the higher of the two. A level never has less memory or time
     * than the one below (the config reader refuses it), so that level's partitions fit both. Numbered as the higher
     * level; {@code at(lockstep(n))} is level n itself.
     */
    public Level at(LevelPair pair) {
        Level higher = level(pair.higher());
        if (pair.isLockstep()) {
            return higher;
        }
        return new Level(higher.number(), higher.partitions(), level(pair.memory()).mem(), level(pair.time()).time(),
                higher.options());
    }

    public int size() {
        return levels.size();
    }

    public int topLevel() {
        return levels.size() - 1;
    }
}
