package dev.memescalate.view;

import dev.memescalate.engine.ChainConfig;
import dev.memescalate.ladder.Ladder;
import dev.memescalate.report.ChainReport;
import dev.memescalate.store.ChainRecord;
import dev.memescalate.store.LearnedStartRecord;
import dev.memescalate.store.StoreTransaction;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a learned start level saved a chain ({@link ChainReport.LearnedStart}): for each group of tasks that started
 * above level 0 because an earlier chain completed them there, the GB-h of their attempts below that level in that
 * chain (its own ladder's memory × run time), streamed from the store; and the rounds the highest start skipped.
 */
final class LearnedStartSavings {
    private static final double MB_PER_GB = 1024.0;
    private static final double SECONDS_PER_HOUR = 3600.0;

    private LearnedStartSavings() {
    }

    /** Empty for a chain whose start level was not learned. */
    static Optional<ChainReport.LearnedStart> of(StoreTransaction tx, String chainId) {
        List<LearnedStartRecord> groups = tx.startHistory().forChain(chainId);
        if (groups.isEmpty()) {
            return Optional.empty();
        }
        Map<Integer, Integer> byLevel = new TreeMap<>();
        TreeSet<String> sources = new TreeSet<>();
        int learnedTasks = 0;
        int savedRounds = 0;
        double[] savedGbHours = {0};
        for (LearnedStartRecord g : groups) {
            byLevel.merge(g.level(), g.indices().size(), Integer::sum);
            g.sourceChainId().ifPresent(sources::add);
            if (g.sourceChainId().isEmpty() || g.level() == 0) {
                continue;
            }
            learnedTasks += g.indices().size();
            savedRounds = Math.max(savedRounds, g.level());
            Optional<Ladder> ladder = tx.chains().find(g.sourceChainId().get()).flatMap(LearnedStartSavings::ladder);
            if (ladder.isEmpty()) {
                continue; // the chain learned from is gone, or its config no longer reads: nothing to measure by
            }
            Ladder l = ladder.get();
            tx.startHistory().attemptsBelow(g.sourceChainId().get(), g.level(), g.indices().first(),
                    g.indices().last(), a -> {
                        // An attempt's level is its memory level: separate ladders have fewer of them.
                        if (g.indices().contains(a.index()) && a.level() <= l.memoryTop()) {
                            savedGbHours[0] += l.memory(a.level()).megabytes() / MB_PER_GB
                                    * a.elapsedSeconds() / SECONDS_PER_HOUR;
                        }
                    });
        }
        return Optional.of(new ChainReport.LearnedStart(byLevel, learnedTasks, savedGbHours[0], savedRounds,
                List.copyOf(sources)));
    }

    private static Optional<Ladder> ladder(ChainRecord chain) {
        try {
            return Optional.of(ChainConfig.of(chain).ladder());
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }
}
