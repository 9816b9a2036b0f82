package dev.memescalate.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memescalate.indexset.IndexSet;
import dev.memescalate.store.HistoryMatch;
import dev.memescalate.store.StartHistoryTable.Completion;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StartLevelsTest {
    private static final Path SCRIPT = Path.of("/work/job.sh");

    /** A history that replays completions (as the store streams them: by index, one per task). */
    private static StartHistory replaying(List<Completion> completions, List<Optional<Path>> askedPaths) {
        return (sha, samePath, first, last, sink) -> {
            askedPaths.add(samePath);
            completions.stream().filter(c -> c.index() >= first && c.index() <= last).forEach(sink);
        };
    }

    @Test
    void eachTaskStartsWhereItLastCompletedCappedAtTheMaxLevel() {
        List<Optional<Path>> asked = new java.util.ArrayList<>();
        StartHistory history = replaying(List.of(new Completion(1, 2, "aaaa0001", true),
                new Completion(2, 1, "aaaa0002", false), new Completion(3, 3, "aaaa0001", true),
                new Completion(50, 2, "aaaa0001", true)), asked);

        StartLevels.Learned learned = StartLevels.learn(IndexSet.range(0, 4), 2, "sha", SCRIPT, true, history);

        assertThat(learned.byLevel()).isEqualTo(Map.of(0, IndexSet.of(0, 4), 1, IndexSet.of(2), 2,
                IndexSet.of(1, 3)));
        assertThat(learned.groups()).extracting(StartLevels.Group::level, StartLevels.Group::match,
                StartLevels.Group::capped, g -> g.tasks().size()).containsExactly(
                org.assertj.core.groups.Tuple.tuple(0, HistoryMatch.NONE, false, 2),
                org.assertj.core.groups.Tuple.tuple(1, HistoryMatch.PATH, false, 1),
                org.assertj.core.groups.Tuple.tuple(2, HistoryMatch.CONTENT, false, 1),
                org.assertj.core.groups.Tuple.tuple(2, HistoryMatch.CONTENT, true, 1));
        assertThat(asked).containsExactly(Optional.of(SCRIPT));
        assertThat(StartLevels.describe(learned)).contains("level 2: 2 task(s)",
                "1: completed above --max-level in chain aaaa0001 (same script content)",
                "2: no earlier chain of this script completed them",
                "1: last completed at this level in chain aaaa0002 (same script path; its content has changed)");
    }

    @Test
    void withoutThePathFallbackOnlyTheContentIsAsked() {
        List<Optional<Path>> asked = new java.util.ArrayList<>();
        StartLevels.Learned learned = StartLevels.learn(IndexSet.range(0, 9), 3, "sha", SCRIPT, false,
                replaying(List.of(), asked));
        assertThat(asked).containsExactly(Optional.empty());
        assertThat(learned.byLevel()).isEqualTo(Map.of(0, IndexSet.range(0, 9)));
    }
}
