package dev.memescalate.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memescalate.store.ChainStatus;
import dev.memescalate.store.ChainStore;
import dev.memescalate.store.EventRecord;
import dev.memescalate.store.FinalOutcome;
import dev.memescalate.store.TaskOutcomeRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Daemons of the real local cluster stopped in the middle of a chain, and started again: the chain completes by
 * itself. Each test restores what it stopped ({@code docker/local-cluster up}), whatever happens.
 */
@Isolated // it stops slurmdbd and slurmctld
class OutageIT {
    private static final Duration CHAIN_TIMEOUT = Duration.ofMinutes(6);
    private static final String LADDER = """
            levels:
              - partition: devel,day,week
                mem: 200M
                time: 1
              - partition: day,week
                mem: 1G
                time: 1
            handler:
              partition: pi_jetz
              mem: 512M
              time: 5
            sacct_timeout: 1m
            """;
    /** Tasks run 20 s; task 1 needs level 1. */
    private static final String TABLE = "# index mem_mb sleep_s exit_code ok_from_level\n1 300 0 0 1\n* 10 20 0 never\n";

    private static SlurmTestCluster cluster;

    @BeforeAll
    static void connect() {
        cluster = SlurmTestCluster.connect();
    }

    @AfterEach
    void restoreTheCluster() {
        cluster.localCluster("up");
    }

    @AfterAll
    static void cancelLeftovers() {
        if (cluster != null) {
            cluster.cancelSubmittedJobs();
        }
    }

    /**
     * Measured before (issue 8): slurmdbd down 5.5 minutes while a 7-task round ended, the handler waited its 3
     * minutes and recorded all 7 tasks FAILED, 5 of which had completed. Now it decides nothing while sacct cannot
     * answer, hands the round to a handler job that starts a minute later, and that one decides it.
     */
    @Test
    void slurmdbdStoppedWhileARoundRunsAndStartedAgainLater() {
        ChainHarness h = new ChainHarness(cluster, "slurmdbd-down");
        String chain = submit(h);
        awaitTasksRunning(h, chain);

        cluster.localCluster("stop", "slurmdbd");
        awaitEvent(h, chain, e -> e.kind().equals("handler-rerun") && e.message().contains("sacct failed"),
                Duration.ofMinutes(3));
        cluster.localCluster("up");

        ChainHarness.Snapshot s = h.awaitEnd(chain, CHAIN_TIMEOUT);
        assertThat(s.chain().status()).as(ChainHarness.handlerLogs(s.chain())).isEqualTo(ChainStatus.COMPLETED);
        assertEveryTaskCompletedOnce(s);
        assertThat(s.outcomeByIndex().get(1).level()).isEqualTo(1);
        h.assertNothingLeftInQueue(s);
    }

    @Test
    void slurmctldRestartedInTheMiddleOfAChain() {
        ChainHarness h = new ChainHarness(cluster, "slurmctld-restart");
        String chain = submit(h);
        awaitTasksRunning(h, chain);

        cluster.localCluster("stop", "slurmctld");
        ChainHarness.sleep(Duration.ofSeconds(10));
        cluster.localCluster("up");

        ChainHarness.Snapshot s = h.awaitEnd(chain, CHAIN_TIMEOUT);
        assertThat(s.chain().status()).as(ChainHarness.handlerLogs(s.chain())).isEqualTo(ChainStatus.COMPLETED);
        assertEveryTaskCompletedOnce(s);
        h.assertNothingLeftInQueue(s);
    }

    private static String submit(ChainHarness h) {
        Path ladder = h.write("ladder.yaml", LADDER);
        Path table = h.write("table.txt", TABLE);
        return h.submit(List.of("--array=0-3", "--config=" + ladder, ChainHarness.SCENARIO.toString(),
                table.toString()), Map.of());
    }

    private static void awaitTasksRunning(ChainHarness h, String chain) {
        String array = ChainHarness.arrayJobId(h.snapshot(chain), 1);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            String states = cluster.run(List.of("squeue", "-h", "-r", "-j", array, "-o", "%T")).stdout();
            if (states.contains("RUNNING")) {
                return;
            }
            ChainHarness.sleep(Duration.ofMillis(300));
        }
        throw new AssertionError("the tasks of array " + array + " did not start");
    }

    private static void awaitEvent(ChainHarness h, String chain, Predicate<EventRecord> wanted, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            try (ChainStore store = ChainStore.open(h.storeFile())) {
                List<EventRecord> events = store.read(tx -> tx.events().forChain(chain));
                if (events.stream().anyMatch(wanted)) {
                    return;
                }
            }
            ChainHarness.sleep(Duration.ofSeconds(1));
        }
        throw new AssertionError("chain " + chain + " never recorded the awaited event; handler logs:\n"
                + ChainHarness.handlerLogs(h.snapshot(chain).chain()));
    }

    private static void assertEveryTaskCompletedOnce(ChainHarness.Snapshot s) {
        List<Integer> indices = s.outcomes().stream().map(TaskOutcomeRecord::index).sorted().toList();
        assertThat(indices).containsExactly(0, 1, 2, 3);
        assertThat(s.outcomes()).allSatisfy(o -> assertThat(o.outcome()).isEqualTo(FinalOutcome.COMPLETED));
    }
}
