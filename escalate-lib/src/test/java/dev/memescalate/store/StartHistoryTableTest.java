package dev.memescalate.store;

import static dev.memescalate.store.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.memescalate.indexset.IndexSet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartHistoryTableTest {
    @TempDir
    Path dir;

    ChainStore store;

    @BeforeEach
    void open() {
        store = ChainStore.open(dir.resolve("chains.db"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** A chain of {@code script} with content {@code sha}, created {@code minutes} after T0, whose tasks completed. */
    private void chain(String id, String script, String sha, int minutes, int... indexLevelPairs) {
        ChainRecord base = Fixtures.chain(id);
        ChainRecord chain = new ChainRecord(id, T0.plusSeconds(60L * minutes), ChainStatus.COMPLETED,
                Optional.empty(), Path.of(script), base.scriptSnapshotPath(), List.of(), List.of(), "0-99",
                OptionalInt.empty(), "j", "o", "o", base.configYaml(), Optional.empty(), 0, 3, base.workDir(),
                base.chainDir(), "h", "u");
        store.write(tx -> {
            tx.chains().insert(chain);
            tx.chains().setScriptSha256(id, sha);
            for (int r = 1; r <= 3; r++) {
                tx.rounds().insert(Fixtures.round(id, r, IndexSet.range(0, 99)));
            }
            List<TaskOutcomeRecord> outcomes = new ArrayList<>();
            for (int i = 0; i < indexLevelPairs.length; i += 2) {
                int level = indexLevelPairs[i + 1];
                outcomes.add(new TaskOutcomeRecord(id, indexLevelPairs[i], level < 0 ? FinalOutcome.FAILED
                        : FinalOutcome.COMPLETED, 1, Math.max(level, 0), "x"));
            }
            tx.outcomes().insert(outcomes);
            return null;
        });
    }

    private List<StartHistoryTable.Completion> completions(String sha, Optional<Path> path, int first, int last) {
        List<StartHistoryTable.Completion> seen = new ArrayList<>();
        store.read(tx -> {
            tx.startHistory().lastCompletions(sha, path, first, last, seen::add);
            return null;
        });
        return seen;
    }

    @Test
    void theNewestCompletionOfTheSameContentWinsThenTheSamePath() {
        chain("00000001", "/w/job.sh", "A", 1, 1, 1, 2, 2, 3, 0);
        chain("00000002", "/w/job.sh", "A", 2, 1, 2, 4, -1);
        chain("00000003", "/w/job.sh", "B", 3, 1, 0, 2, 0, 4, 1, 5, 1);
        chain("00000004", "/other/job.sh", "C", 4, 6, 2);

        assertThat(completions("A", Optional.of(Path.of("/w/job.sh")), 0, 99)).containsExactly(
                new StartHistoryTable.Completion(1, 2, "00000002", true),
                new StartHistoryTable.Completion(2, 2, "00000001", true),
                new StartHistoryTable.Completion(3, 0, "00000001", true),
                new StartHistoryTable.Completion(4, 1, "00000003", false),
                new StartHistoryTable.Completion(5, 1, "00000003", false));
        assertThat(completions("A", Optional.empty(), 2, 4)).extracting(StartHistoryTable.Completion::index)
                .containsExactly(2, 3);
        assertThat(completions("Z", Optional.empty(), 0, 99)).isEmpty();
    }

    @Test
    void learnedGroupsRoundTrip() {
        chain("00000001", "/w/job.sh", "A", 1);
        LearnedStartRecord learned = new LearnedStartRecord("00000001", 2, Optional.of("0000000f"),
                HistoryMatch.CONTENT, true, IndexSet.of(3, 9));
        LearnedStartRecord none = new LearnedStartRecord("00000001", 0, Optional.empty(), HistoryMatch.NONE, false,
                IndexSet.range(10, 20));
        store.write(tx -> {
            tx.startHistory().insert(learned);
            tx.startHistory().insert(none);
            return null;
        });
        List<LearnedStartRecord> groups = store.read(tx -> tx.startHistory().forChain("00000001"));
        Optional<String> sha = store.read(tx -> tx.chains().scriptSha256("00000001"));
        assertThat(groups).containsExactly(none, learned);
        assertThat(sha).contains("A");
    }

    @Test
    void theQueryUsesTheIndexesOnScriptContentAndPath() {
        List<String> plan = new ArrayList<>();
        store.read(tx -> {
            tx.startHistory().explainLastCompletions(plan::add);
            return null;
        });
        assertThat(String.join("\n", plan)).contains("chains_by_script_sha256", "chains_by_script_path");
    }
}
