package dev.memescalate.ladder;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The escalation ladder: either one list of levels ({@code levels:}), where level {@code n} is {@code levels().get(n)}
 * and memory level m and time level t both count on it, or, with {@code escalation: by_reason}, separate
 * {@code memory:} and {@code time:} ladders ({@link SeparateLadders}), where memory level m counts on the memory list
 * and time level t on the time list, each with its own top. Never empty; immutable.
 *
 * <p>For separate ladders, {@link #levels()} is the ladder a task climbs when both its levels rise together: level n
 * is memory level min(n, {@link #memoryTop()}) with time level min(n, {@link #timeTop()}) ({@link #startPair(int)}),
 * so a start level or {@code --max-level} N means "N in both dimensions, each capped at its top", and level n's
 * memory is memory step n's (while n is a memory level), its time time step n's (while n is a time level). Code that
 * needs one dimension asks {@link #memory(int)} or {@link #time(int)}.
 */
public final class Ladder {
    private final List<Level> levels;
    private final Optional<SeparateLadders> separate;

    /** A ladder of levels, level 0 first. */
    public Ladder(List<Level> levels) {
        this(levels, Optional.empty());
    }

    private Ladder(List<Level> levels, Optional<SeparateLadders> separate) {
        this.levels = List.copyOf(levels);
        this.separate = separate;
        if (this.levels.isEmpty()) {
            throw new IllegalArgumentException("a ladder needs at least one level");
        }
        for (int i = 0; i < this.levels.size(); i++) {
            if (this.levels.get(i).number() != i) {
                throw new IllegalArgumentException("level at position " + i + " is numbered "
                        + this.levels.get(i).number());
            }
        }
    }

    /** Separate memory and time ladders. */
    public static Ladder separate(SeparateLadders steps) {
        int top = Math.max(steps.memoryTop(), steps.timeTop());
        List<Level> diagonal = new ArrayList<>();
        for (int n = 0; n <= top; n++) {
            diagonal.add(steps.at(new LevelPair(Math.min(n, steps.memoryTop()), Math.min(n, steps.timeTop()))));
        }
        return new Ladder(diagonal, Optional.of(steps));
    }

    /** The levels; for separate ladders, the pairs both dimensions reach together (see the class comment). */
    public List<Level> levels() {
        return levels;
    }

    public Level level(int number) {
        return levels.get(number);
    }

    /** The separate memory and time ladders; empty for a ladder of levels. */
    public Optional<SeparateLadders> separate() {
        return separate;
    }

    public boolean isSeparate() {
        return separate.isPresent();
    }

    /** The highest memory level. */
    public int memoryTop() {
        return separate.map(SeparateLadders::memoryTop).orElse(topLevel());
    }

    /** The highest time level. */
    public int timeTop() {
        return separate.map(SeparateLadders::timeTop).orElse(topLevel());
    }

    /** The memory of memory level {@code m}. */
    public MemorySize memory(int m) {
        return separate.map(s -> s.memory().get(m).value()).orElseGet(() -> level(m).mem());
    }

    /** The time limit of time level {@code t}. */
    public TimeLimit time(int t) {
        return separate.map(s -> s.time().get(t).value()).orElseGet(() -> level(t).time());
    }

    /**
     * Where a task that starts at {@code level} stands: {@code level} in both dimensions, each capped at its top
     * (only separate ladders have different tops).
     */
    public LevelPair startPair(int level) {
        return new LevelPair(Math.min(level, memoryTop()), Math.min(level, timeTop()));
    }

    /** Whether the pair is one of {@link #levels()}: both dimensions at the same level, or capped there. */
    public boolean isLevel(LevelPair pair) {
        return startPair(pair.higher()).equals(pair);
    }

    /**
     * What a task at memory level {@code m} and time level {@code t} runs with. Separate ladders: memory step m's
     * memory, time step t's time, the partitions both steps allow, the chain-wide options
     * ({@link SeparateLadders#at}). A ladder of levels: the memory of level m, the time of level t, and the
     * partitions and other options of the higher of the two (a level never has less memory or time than the one
     * below, the config reader refuses it, so that level's partitions fit both). Numbered as the higher level;
     * {@code at(startPair(n))} is level n itself.
     */
    public Level at(LevelPair pair) {
        if (separate.isPresent()) {
            return separate.get().at(pair);
        }
        Level higher = level(pair.higher());
        if (pair.isLockstep()) {
            return higher;
        }
        return new Level(higher.number(), higher.partitions(), level(pair.memory()).mem(), level(pair.time()).time(),
                higher.options());
    }

    /** The number of levels; for separate ladders, of the longer list. */
    public int size() {
        return levels.size();
    }

    public int topLevel() {
        return levels.size() - 1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ladder other && levels.equals(other.levels) && separate.equals(other.separate);
    }

    @Override
    public int hashCode() {
        return Objects.hash(levels, separate);
    }

    @Override
    public String toString() {
        return separate.map(s -> "Ladder[memory=" + s.memory() + ", time=" + s.time() + "]")
                .orElse("Ladder[levels=" + levels + "]");
    }
}
