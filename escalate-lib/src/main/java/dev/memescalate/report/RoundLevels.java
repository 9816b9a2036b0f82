package dev.memescalate.report;

import dev.memescalate.ladder.LevelPair;
import dev.memescalate.store.RoundRecord;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The memory and time level of each round of a by_reason chain, for views that list tasks and attempts by round
 * number: an attempt or an outcome keeps its round's (memory) level only. Empty for a lockstep chain, whose views
 * show one level as before. A chain has few rounds, so they are all kept.
 */
public final class RoundLevels {
    /** For lockstep chains, and views without rounds. */
    public static final RoundLevels NONE = new RoundLevels(Map.of());

    private final Map<Integer, LevelPair> byRound;

    private RoundLevels(Map<Integer, LevelPair> byRound) {
        this.byRound = byRound;
    }

    public static RoundLevels of(Iterable<RoundRecord> rounds) {
        Map<Integer, LevelPair> byRound = new HashMap<>();
        rounds.forEach(r -> {
            if (r.byReason()) {
                byRound.put(r.number(), r.levels());
            }
        });
        return byRound.isEmpty() ? NONE : new RoundLevels(Map.copyOf(byRound));
    }

    /** The time level of a by_reason round; empty for a lockstep one. */
    public Optional<Integer> timeLevel(int round) {
        return Optional.ofNullable(byRound.get(round)).map(LevelPair::time);
    }

    /** {@code 2} for a lockstep round at level 2, {@code m1/t0} for a by_reason round (fits a narrow column). */
    public String compact(int round, int level) {
        LevelPair pair = byRound.get(round);
        return pair == null ? Integer.toString(level) : "m" + pair.memory() + "/t" + pair.time();
    }
}
