package dev.memescalate.engine;

import dev.memescalate.indexset.IndexSet;
import dev.memescalate.store.HistoryMatch;
import dev.memescalate.store.LearnedStartRecord;
import dev.memescalate.store.StartHistoryTable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The learned start level ({@code submit --start-level=auto}): each task starts at the level where it last
 * completed in an earlier chain of the same script (the same content; else, unless turned off, the same path),
 * capped at the chain's max level; a task without such a completion starts at 0. Folds the streamed history into a
 * few groups of tasks (one per level, source chain and reason), never a map per task. Pure.
 */
public final class StartLevels {
    private StartLevels() {
    }

    /**
     * Tasks that start at one level for one reason.
     *
     * @param sourceChain the chain they last completed in; empty for tasks without history
     * @param capped true when they completed above the max level and start at it
     */
    public record Group(int level, Optional<String> sourceChain, HistoryMatch match, boolean capped, IndexSet tasks) {
        LearnedStartRecord record(String chainId) {
            return new LearnedStartRecord(chainId, level, sourceChain, match, capped, tasks);
        }

        /** Why, in words, for {@code --dry-run} and the report. */
        public String reason() {
            return switch (match) {
                case NONE -> "no earlier chain of this script completed them";
                case CONTENT -> (capped ? "completed above --max-level" : "last completed at this level")
                        + " in chain " + sourceChain.orElseThrow() + " (same script content)";
                case PATH -> (capped ? "completed above --max-level" : "last completed at this level")
                        + " in chain " + sourceChain.orElseThrow() + " (same script path; its content has changed)";
            };
        }
    }

    /** The groups of a chain, lowest level first. */
    public record Learned(List<Group> groups) {
        public Learned {
            groups = List.copyOf(groups);
        }

        /** The tasks that start at each level, lowest first. */
        public Map<Integer, IndexSet> byLevel() {
            Map<Integer, IndexSet> byLevel = new TreeMap<>();
            for (Group g : groups) {
                byLevel.merge(g.level(), g.tasks(), IndexSet::union);
            }
            return byLevel;
        }

        public List<LearnedStartRecord> records(String chainId) {
            return groups.stream().map(g -> g.record(chainId)).toList();
        }
    }

    /**
     * @param tasks the chain's tasks
     * @param maxLevel the chain's max level: no task starts above it
     * @param byPath whether a script at the same path counts when no chain had the same content
     */
    public static Learned learn(IndexSet tasks, int maxLevel, String sha256, Path script, boolean byPath,
            StartHistory history) {
        record Key(int level, String source, HistoryMatch match, boolean capped) {
        }
        Map<Key, IndexSet.Builder> builders = new LinkedHashMap<>();
        IndexSet.Builder learned = IndexSet.builder();
        history.lastCompletions(sha256, byPath ? Optional.of(script) : Optional.empty(), tasks.first(), tasks.last(),
                (StartHistoryTable.Completion c) -> {
                    if (!tasks.contains(c.index())) {
                        return;
                    }
                    boolean capped = c.level() > maxLevel;
                    Key key = new Key(Math.min(c.level(), maxLevel), c.chainId(),
                            c.sameContent() ? HistoryMatch.CONTENT : HistoryMatch.PATH, capped);
                    builders.computeIfAbsent(key, k -> IndexSet.builder()).add(c.index());
                    learned.add(c.index());
                });
        List<Group> groups = new ArrayList<>();
        builders.forEach((k, b) -> groups.add(new Group(k.level(), Optional.of(k.source()), k.match(), k.capped(),
                b.build())));
        IndexSet none = tasks.minus(learned.build());
        if (!none.isEmpty()) {
            groups.add(new Group(0, Optional.empty(), HistoryMatch.NONE, false, none));
        }
        groups.sort(Comparator.comparingInt(Group::level).thenComparing(g -> g.match().ordinal())
                .thenComparing(g -> g.sourceChain().orElse("")));
        return new Learned(groups);
    }

    /** What {@code --dry-run} prints: per level, how many tasks start there and why. */
    public static String describe(Learned learned) {
        StringBuilder out = new StringBuilder("Start levels (--start-level=auto), learned from earlier chains of"
                + " this script:\n");
        learned.byLevel().forEach((level, tasks) -> {
            out.append("  level ").append(level).append(": ").append(tasks.size()).append(" task(s)\n");
            learned.groups().stream().filter(g -> g.level() == level).forEach(g -> out.append("    ")
                    .append(g.tasks().size()).append(": ").append(g.reason()).append('\n'));
        });
        return out.toString();
    }
}
