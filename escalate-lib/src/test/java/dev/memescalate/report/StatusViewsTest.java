package dev.memescalate.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memescalate.config.ConfigLoader;
import dev.memescalate.ladder.Ladder;
import dev.memescalate.observe.ChainSnapshot;
import dev.memescalate.observe.EndedCounts;
import dev.memescalate.observe.HandlerFate;
import dev.memescalate.observe.Live;
import dev.memescalate.observe.QueueSnapshot;
import dev.memescalate.observe.StallCheck;
import dev.memescalate.slurm.Fixtures;
import dev.memescalate.slurm.SacctColumn;
import dev.memescalate.slurm.SacctFormat;
import dev.memescalate.slurm.SacctParser;
import dev.memescalate.slurm.SqueueParser;
import dev.memescalate.store.ChainStore;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * status as text, one line and JSON, for the fixed store of {@link ViewFixtures}, with live information from real
 * squeue and sacct output of the local cluster. Golden files: {@code src/test/resources/golden/status-*}.
 */
class StatusViewsTest {
    private static final Ladder LADDER = ConfigLoader.parse(ViewFixtures.LADDER, "ladder.yaml").ladder();
    /** Ten minutes after the running chain's round 2 was submitted. */
    private static final Instant NOW = ViewFixtures.T0.plusSeconds(1300);

    @TempDir
    Path dir;
    ChainStore store;

    @BeforeEach
    void seed() {
        store = ChainStore.open(dir.resolve("chains.db"));
        ViewFixtures.seed(store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private ChainSnapshot snapshot(String id) {
        return store.read(tx -> ChainSnapshot.read(tx, id)).orElseThrow();
    }

    /** What the running chain's one squeue and sacct calls said (real output, jobs 80 and 81). */
    public static Live liveOfRunningChain() {
        QueueSnapshot queue = QueueSnapshot.of(SqueueParser.parse(Fixtures.slurm2205("squeue-r-live.txt")));
        SacctFormat threeColumns = new SacctFormat(List.of(SacctColumn.JOB_ID, SacctColumn.STATE,
                SacctColumn.EXIT_CODE), "|");
        Map<String, EndedCounts> ended = EndedCounts.of(new SacctParser(threeColumns).parse(
                Fixtures.slurm2205("sacct-X-live.txt")));
        return new Live(NOW, Optional.of(queue), Optional.empty(), ended, Optional.of(NOW.minusSeconds(12)), Map.of(),
                Optional.empty());
    }

    private StatusModel running() {
        return StatusModel.of(snapshot(ViewFixtures.RUNNING), LADDER, liveOfRunningChain(), Optional.empty());
    }

    private StatusModel stalled() {
        ChainSnapshot s = snapshot(ViewFixtures.STALLED);
        QueueSnapshot queue = QueueSnapshot.of(List.of()); // squeue lists nothing of it: array and handler ended
        Optional<StallCheck.Stall> stall = StallCheck.check(s, queue, NOW);
        SacctFormat fiveColumns = new SacctFormat(List.of(SacctColumn.JOB_ID, SacctColumn.STATE, SacctColumn.EXIT_CODE,
                SacctColumn.ELAPSED, SacctColumn.NODE_LIST), "|");
        var row = new SacctParser(fiveColumns).parse(Fixtures.slurm2205("sacct-X-handler-cancelled.txt")).records()
                .get(0);
        Map<String, HandlerFate> fates = Map.of("91", new HandlerFate("91", row.stateText(),
                row.exitCode().toString(), row.elapsed(), Optional.empty()));
        Live live = new Live(NOW, Optional.of(queue), Optional.empty(), Map.of(), Optional.of(NOW), fates,
                Optional.empty());
        return StatusModel.of(s, LADDER, live, stall);
    }

    @Test
    void anEndedChain() {
        StatusModel m = StatusModel.of(snapshot(ViewFixtures.ENDED), LADDER, Live.nothingLive(NOW), Optional.empty());

        assertThat(m.summary().completed()).isEqualTo(9);
        assertThat(m.summary().failed()).isEqualTo(1);
        Golden.assertMatches("status-ended.txt", StatusText.render(m, ViewFixtures.ZONE, false));
    }

    @Test
    void aRunningRoundShowsSqueuesCountsAndSacctsBreakdown() {
        StatusModel m = running();

        StatusModel.LiveRound live = m.rounds().get(1).live().orElseThrow();
        assertThat(live.pending()).isEqualTo(4); // 80_6 .. 80_9
        assertThat(live.running()).isEqualTo(3); // 80_3 .. 80_5
        assertThat(live.ended()).isEqualTo(3);
        assertThat(live.breakdown().orElseThrow()).isEqualTo(new EndedCounts(1, 1, 0, 1, 0));
        assertThat(m.summary().running()).isEqualTo(3);
        assertThat(m.summary().pending()).isEqualTo(7);
        assertThat(m.rounds().get(1).handlers()).singleElement()
                .satisfies(h -> assertThat(h.state()).isEqualTo(StatusModel.HandlerState.WAITING));
        Golden.assertMatches("status-running.txt", StatusText.render(m, ViewFixtures.ZONE, false));
        Golden.assertMatches("status-running-terminal.txt", StatusText.render(m, ViewFixtures.ZONE, true));
    }

    @Test
    void oneLinePerChangeLeavesOutTheTimes() {
        assertThat(StatusText.oneLine(running())).isEqualTo("RUNNING: 10 completed, 0 failed, 0 exhausted, 3 running,"
                + " 7 pending | round 2 (level 1): 3/10 ended (1 completed, 1 OOM, 1 failed), 3 running, 4 pending;"
                + " handler waiting");
    }

    @Test
    void aStalledChainSaysWhyAndWhatToRun() {
        StatusModel m = stalled();

        assertThat(m.state()).isEqualTo("STALLED");
        assertThat(m.summary().stall()).hasValueSatisfying(s -> assertThat(s).contains("job 91 ended CANCELLED by 0"));
        Golden.assertMatches("status-stalled.txt", StatusText.render(m, ViewFixtures.ZONE, false));
    }

    @Test
    void jsonOfARunningChain() {
        StringWriter out = new StringWriter();
        StatusJson.write(running(), ViewFixtures.ZONE, out, Optional.empty());
        Golden.assertMatches("status-running.json", out.toString());
    }

    @Test
    void jsonOfAnEndedChainWithEveryTask() {
        StatusModel m = StatusModel.of(snapshot(ViewFixtures.ENDED), LADDER, Live.nothingLive(NOW), Optional.empty());
        StringWriter out = new StringWriter();
        store.read(tx -> {
            StatusJson.write(m, ViewFixtures.ZONE, out, Optional.of(AllTasks.of(m.chain().indices(),
                    sink -> tx.attempts().forEachTask(ViewFixtures.ENDED, false, sink))));
            return null;
        });
        Golden.assertMatches("status-ended-tasks.json", out.toString());
    }

    @Test
    void taskListingStreamsEveryTaskAndCountsWhatItLeavesOut() {
        StringWriter out = new StringWriter();
        TaskListing listing = store.read(tx -> {
            TaskListing l = new TaskListing(out, 9, 4).header();
            AllTasks.of(dev.memescalate.indexset.IndexSet.range(0, 9),
                    sink -> tx.attempts().forEachTask(ViewFixtures.ENDED, false, sink)).forEach(l::accept);
            return l;
        });
        assertThat(listing.written()).isEqualTo(4);
        assertThat(listing.leftOut()).isEqualTo(6);
        Golden.assertMatches("task-listing.txt", out.toString());
    }

    @Test
    void listOfEveryChain() {
        List<ChainSummary> chains = List.of(stalled().summary(), running().summary(),
                StatusModel.of(snapshot(ViewFixtures.ENDED), LADDER, Live.nothingLive(NOW), Optional.empty())
                        .summary());
        Golden.assertMatches("list.txt", ListText.render(chains, Optional.empty(), NOW, ViewFixtures.ZONE,
                "in /tracker"));
        StringWriter json = new StringWriter();
        StatusJson.writeList(chains, ViewFixtures.ZONE, json);
        Golden.assertMatches("list.json", json.toString());
    }
}
