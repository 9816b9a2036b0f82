package dev.memescalate.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memescalate.store.AttemptRecord;
import dev.memescalate.store.ChainStatus;
import dev.memescalate.store.FinalOutcome;
import dev.memescalate.store.JobRole;
import dev.memescalate.store.RoundRecord;
import dev.memescalate.store.TaskOutcomeRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Issue 8, load: ten chains of 200 tasks each submitted at once into one tracker directory (their handlers share one
 * store), with OOM kills, a timeout and code errors mixed in. Every chain ends; every task of every chain has exactly
 * the one outcome its behaviour calls for, and every attempt the store recorded says what Slurm's own accounting says
 * of that task; no job is left in the queue. The escalation latency (last task of a round ended -> first task of the
 * round it planned started, from sacct) is printed as median and maximum.
 */
@Isolated // its 2,000 tasks fill the queue that other tests wait on
class LoadIT {
    private static final int CHAINS = 10;
    private static final int TASKS = 200;
    private static final Duration CHAIN_TIMEOUT = Duration.ofMinutes(12);
    private static final String LADDER = """
            levels:
              - partition: devel,day
                mem: 200M
                time: 1
              - partition: day
                mem: 1G
                time: 1
              - partition: week
                mem: 4G
                time: 2
            handler:
              partition: pi_jetz
              mem: 512M
              time: 5
            sacct_timeout: 1m
            """;
    /** Chains whose last task sleeps past level 0's minute: a real TIMEOUT takes 60-90 s, so only two chains have one. */
    private static final List<Integer> CHAINS_WITH_A_TIMEOUT = List.of(0, 5);

    /** What a task does, and what must become of it. */
    private enum Behaviour {
        /** Exits 0 at once. */
        FINE("0 0 0 0", List.of("COMPLETED"), FinalOutcome.COMPLETED, 0),
        /** Touches 300 MB: OUT_OF_MEMORY at 200M, completes at 1G. */
        NEEDS_LEVEL_1("300 0 0 0", List.of("OUT_OF_MEMORY", "COMPLETED"), FinalOutcome.COMPLETED, 1),
        /** Touches 1500 MB: OUT_OF_MEMORY at 200M and 1G, completes at 4G. */
        NEEDS_LEVEL_2("1500 0 0 0", List.of("OUT_OF_MEMORY", "OUT_OF_MEMORY", "COMPLETED"), FinalOutcome.COMPLETED, 2),
        /** Exits 3 at every level: a code error, not retried. */
        CODE_ERROR("0 0 3 never", List.of("FAILED"), FinalOutcome.FAILED, 0),
        /** Sleeps 100 s below level 1: TIMEOUT at level 0, completes at level 1. */
        TIMES_OUT("0 100 0 1", List.of("TIMEOUT", "COMPLETED"), FinalOutcome.COMPLETED, 1);

        final String row;
        final List<String> states;
        final FinalOutcome outcome;
        final int level;

        Behaviour(String row, List<String> states, FinalOutcome outcome, int level) {
            this.row = row;
            this.states = states;
            this.outcome = outcome;
            this.level = level;
        }
    }

    private static SlurmTestCluster cluster;

    @BeforeAll
    static void connect() {
        cluster = SlurmTestCluster.connect();
    }

    @AfterAll
    static void cancelLeftovers() {
        if (cluster != null) {
            cluster.cancelSubmittedJobs();
        }
    }

    private static Behaviour behaviour(int chain, int index) {
        if (index == TASKS - 1 && CHAINS_WITH_A_TIMEOUT.contains(chain)) {
            return Behaviour.TIMES_OUT;
        }
        if (index % 100 == 57) {
            return Behaviour.NEEDS_LEVEL_2;
        }
        if (index % 10 == 3) {
            return Behaviour.NEEDS_LEVEL_1;
        }
        if (index % 40 == 11) {
            return Behaviour.CODE_ERROR;
        }
        return Behaviour.FINE;
    }

    private static String table(int chain) {
        StringBuilder table = new StringBuilder("# index mem_mb sleep_s exit_code ok_from_level\n");
        for (int index = 0; index < TASKS; index++) {
            Behaviour b = behaviour(chain, index);
            if (b != Behaviour.FINE) {
                table.append(index).append(' ').append(b.row).append('\n');
            }
        }
        return table.append("* ").append(Behaviour.FINE.row).append('\n').toString();
    }

    @Test
    void tenChainsOfTwoHundredTasksAtOnce() throws Exception {
        ChainHarness h = new ChainHarness(cluster, "load");
        Path ladder = h.write("ladder.yaml", LADDER);
        Instant started = Instant.now();
        List<String> chains = submitAll(h, ladder);
        Instant submitted = Instant.now();

        List<ChainHarness.Snapshot> ended = new ArrayList<>();
        for (String chain : chains) {
            ended.add(h.awaitEnd(chain, CHAIN_TIMEOUT.minus(Duration.between(started, Instant.now()))));
        }
        Instant allEnded = Instant.now();

        List<Duration> latencies = new ArrayList<>();
        List<Duration> toolShares = new ArrayList<>();
        for (int c = 0; c < CHAINS; c++) {
            ChainHarness.Snapshot s = ended.get(c);
            assertThat(s.chain().status()).as("chain %d: %s", c, ChainHarness.handlerLogs(s.chain()))
                    .isEqualTo(ChainStatus.COMPLETED_WITH_FAILURES);
            assertOutcomes(c, s);
            Map<String, SacctTask> sacct = sacct(s);
            assertAttemptsAgreeWithSacct(c, s, sacct);
            latencies.addAll(latencies(s, sacct, false));
            toolShares.addAll(latencies(s, sacct, true));
            h.assertNothingLeftInQueue(s);
        }

        List<Long> seconds = sortedSeconds(latencies);
        List<Long> tool = sortedSeconds(toolShares);
        assertThat(seconds).as("escalation latencies").isNotEmpty();
        System.out.printf("LoadIT: %d chains x %d tasks submitted in %d s, all ended %d s after the first submit;"
                        + " escalation latency over %d rounds: median %d s, max %d s (all: %s); of which the"
                        + " handler's part (last task ended -> next round submitted): median %d s, max %d s%n",
                CHAINS, TASKS, Duration.between(started, submitted).toSeconds(),
                Duration.between(started, allEnded).toSeconds(), seconds.size(), seconds.get(seconds.size() / 2),
                seconds.get(seconds.size() - 1), seconds, tool.get(tool.size() / 2), tool.get(tool.size() - 1));
    }

    private static List<Long> sortedSeconds(List<Duration> durations) {
        return durations.stream().map(Duration::toSeconds).sorted().toList();
    }

    /** Submits the ten chains at once, each from its own thread (ten users at the same moment). */
    private static List<String> submitAll(ChainHarness h, Path ladder) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CHAINS);
        try {
            List<Future<String>> submits = new ArrayList<>();
            for (int c = 0; c < CHAINS; c++) {
                Path table = h.write("table-" + c + ".txt", table(c));
                submits.add(pool.submit(() -> h.submit(List.of("--array=0-" + (TASKS - 1), "--config=" + ladder,
                        ChainHarness.SCENARIO.toString(), table.toString()), Map.of("SCENARIO_OK_SLEEP", "0"))));
            }
            List<String> chains = new ArrayList<>();
            for (Future<String> submit : submits) {
                chains.add(submit.get());
            }
            return chains;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void assertOutcomes(int chain, ChainHarness.Snapshot s) {
        assertThat(s.outcomes()).extracting(TaskOutcomeRecord::index).as("chain %d: one outcome per task", chain)
                .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(
                        IntStream.range(0, TASKS).boxed().toList());
        Map<Integer, List<AttemptRecord>> attempts = s.attemptsByIndex();
        for (TaskOutcomeRecord o : s.outcomes()) {
            Behaviour b = behaviour(chain, o.index());
            assertThat(o.outcome()).as("chain %d task %d (%s)", chain, o.index(), b).isEqualTo(b.outcome);
            assertThat(o.level()).as("chain %d task %d (%s) level", chain, o.index(), b).isEqualTo(b.level);
            assertThat(attempts.get(o.index())).extracting(AttemptRecord::state)
                    .as("chain %d task %d (%s) attempts", chain, o.index(), b).containsExactlyElementsOf(b.states);
        }
    }

    /** One task's allocation row in sacct. */
    private record SacctTask(String state, String exitCode, Optional<Instant> start, Optional<Instant> end) {
    }

    /** The allocation rows of every array of the chain, keyed {@code JOBID_INDEX}: one sacct call per chain. */
    private static Map<String, SacctTask> sacct(ChainHarness.Snapshot s) {
        List<String> arrays = s.jobs().stream().filter(j -> j.key().role() == JobRole.ARRAY)
                .flatMap(j -> j.slurmJobId().stream()).toList();
        String since = DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(
                LocalDateTime.ofInstant(s.chain().createdAt().minusSeconds(60), ZoneId.systemDefault()).withNano(0));
        String out = cluster.runOk(List.of("sacct", "-X", "-n", "-P", "-S", since, "-j", String.join(",", arrays),
                "-o", "JobID,State,ExitCode,Start,End")).stdout();
        Map<String, SacctTask> rows = new HashMap<>();
        for (String line : out.split("\n")) {
            String[] f = line.split("\\|", -1);
            if (f.length == 5) {
                rows.put(f[0], new SacctTask(f[1], f[2], time(f[3]), time(f[4])));
            }
        }
        return rows;
    }

    private static Optional<Instant> time(String text) {
        if (!text.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d")) {
            return Optional.empty();
        }
        return Optional.of(LocalDateTime.parse(text).atZone(ZoneId.systemDefault()).toInstant());
    }

    private static void assertAttemptsAgreeWithSacct(int chain, ChainHarness.Snapshot s, Map<String, SacctTask> sacct) {
        for (AttemptRecord a : s.attempts()) {
            SacctTask row = sacct.get(a.slurmJobId() + "_" + a.index());
            assertThat(row).as("chain %d: sacct has no row for %s_%d", chain, a.slurmJobId(), a.index()).isNotNull();
            assertThat(a.rawState()).as("chain %d task %d round %d state", chain, a.index(), a.round())
                    .isEqualTo(row.state());
            assertThat(a.exitCode() + ":" + a.signal()).as("chain %d task %d round %d exit code", chain, a.index(),
                    a.round()).isEqualTo(row.exitCode());
        }
        long tasksInSacct = sacct.keySet().stream().filter(id -> id.matches("\\d+_\\d+")).count();
        assertThat(tasksInSacct).as("chain %d: sacct rows = attempts recorded", chain).isEqualTo(s.attempts().size());
    }

    /**
     * Per round after the first: its parent round's last task end -> its own first task start, from sacct; or, with
     * {@code untilSubmitted}, -> when sbatch accepted the round (the store): the handler's part of the latency, the
     * rest being the round's wait in Slurm's queue.
     */
    private static List<Duration> latencies(ChainHarness.Snapshot s, Map<String, SacctTask> sacct,
            boolean untilSubmitted) {
        Map<Integer, List<SacctTask>> byRound = new HashMap<>();
        Map<String, Integer> roundOfArray = s.jobs().stream()
                .filter(j -> j.key().role() == JobRole.ARRAY && j.slurmJobId().isPresent())
                .collect(Collectors.toMap(j -> j.slurmJobId().get(), j -> j.key().round()));
        sacct.forEach((id, row) -> {
            Integer round = roundOfArray.get(id.substring(0, id.indexOf('_')));
            if (round != null) {
                byRound.computeIfAbsent(round, r -> new ArrayList<>()).add(row);
            }
        });
        List<Duration> latencies = new ArrayList<>();
        for (RoundRecord r : s.rounds()) {
            if (r.parentRound().isEmpty()) {
                continue;
            }
            Optional<Instant> parentEnd = byRound.getOrDefault(r.parentRound().getAsInt(), List.of()).stream()
                    .flatMap(t -> t.end().stream()).max(Instant::compareTo);
            Optional<Instant> firstStart = untilSubmitted ? r.submittedAt()
                    : byRound.getOrDefault(r.number(), List.of()).stream()
                            .flatMap(t -> t.start().stream()).min(Instant::compareTo);
            if (parentEnd.isPresent() && firstStart.isPresent()) {
                latencies.add(Duration.between(parentEnd.get(), firstStart.get()));
            }
        }
        return latencies;
    }
}
