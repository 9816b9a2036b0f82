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

    public int size() {
        return levels.size();
    }

    public int topLevel() {
        return levels.size() - 1;
    }
}
