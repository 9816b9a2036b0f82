package dev.memescalate.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.memescalate.store.ChainStatus;
import dev.memescalate.store.FinalOutcome;
import dev.memescalate.store.RoundRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 part 2 on the real local cluster: the same 30-task chain run twice with {@code --start-level=auto}. The
 * first run has no history: everything starts at level 0, and four tasks climb (two run out of memory, two exit 42
 * after 5 s, which the config escalates), two of them to level 2. The second run starts each task where it completed
 * the first time, so every task runs once (one round per start level, all submitted at once), and reserves fewer
 * GB-hours; the report says what the learned start saved. The figures are printed for the note.
 */
class LearnedStartIT {
    private static final Duration CHAIN_TIMEOUT = Duration.ofMinutes(8);
    private static final String LADDER = """
            levels:
              - partition: devel,day,week,pi_jetz
                mem: 100M
                time: 1
              - partition: day,week,pi_jetz
                mem: 300M
                time: 1
              - partition: week,pi_jetz
                mem: 600M
                time: 2
            state_handling:
              exit_codes:
                "42": escalate
            handler:
              partition: pi_jetz
              mem: 768M
              time: 5
            sacct_timeout: 2m
            """;
    /** index mem_mb sleep_s exit_code ok_from_level: 3 and 7 need level 1 for memory; 11 needs level 1, 19 level 2. */
    private static final String TABLE = """
            3 200 0 0 0
            7 200 0 0 0
            11 0 5 42 1
            19 0 5 42 2
            * 0 0 0 0
            """;

    /** The ladder's memory per level, in MB (for the GB-h each chain reserved). */
    private static final int[] LEVEL_MB = {100, 300, 600};

    private static SlurmTestCluster cluster;
    private static ChainHarness harness;

    @BeforeAll
    static void connect() {
        cluster = SlurmTestCluster.connect();
        harness = new ChainHarness(cluster, "learned-start");
    }

    @AfterAll
    static void cancelLeftovers() {
        if (cluster != null) {
            cluster.cancelSubmittedJobs();
        }
    }

    @Test
    void theSecondRunStartsEachTaskWhereItCompletedAndNeedsOneRoundPerTask() throws Exception {
        Path config = harness.write("ladder.yaml", LADDER);
        Path table = harness.write("table.txt", TABLE);
        List<String> submit = List.of("--array=0-29", "--start-level=auto", "--config=" + config,
                ChainHarness.SCENARIO.toString(), table.toString());

        String first = harness.submit(submit, Map.of());
        ChainHarness.Snapshot one = harness.awaitEnd(first, CHAIN_TIMEOUT);
        assertThat(one.chain().status()).as(ChainHarness.handlerLogs(one.chain())).isEqualTo(ChainStatus.COMPLETED);
        assertThat(one.rounds()).extracting(RoundRecord::level).containsExactly(0, 1, 2);

        // The second run's initial rounds, submitted at once, share --throttle=20 by their task counts (26, 3, 1):
        // %17, %2, %1. Level 0 has about 20 slots on this cluster anyway, so the throttle adds no wall time.
        List<String> throttled = new java.util.ArrayList<>(List.of("--throttle=20"));
        throttled.addAll(submit);
        List<String> dryRun = new java.util.ArrayList<>(List.of("submit", "--dry-run"));
        dryRun.addAll(throttled);
        String plan = harness.runExpecting(0, dryRun.toArray(String[]::new)).stdout();
        assertThat(plan).contains("level 0: 26 task(s)", "level 1: 3 task(s)", "level 2: 1 task(s)",
                "in chain " + first + " (same script content)",
                "round 1 %17 (26 task(s)), round 2 %2 (3 task(s)), round 3 %1 (1 task(s))");

        String second = harness.submit(throttled, Map.of());
        assertThat(throttleSlurmHolds(harness.snapshot(second))).as("ArrayTaskThrottle of rounds 1, 2, 3")
                .containsExactly(17, 2, 1);
        ChainHarness.Snapshot two = harness.awaitEnd(second, CHAIN_TIMEOUT);
        assertThat(two.chain().status()).as(ChainHarness.handlerLogs(two.chain())).isEqualTo(ChainStatus.COMPLETED);
        assertThat(two.rounds()).as("one initial round per start level, nothing escalated")
                .allMatch(r -> r.kind() == dev.memescalate.store.RoundKind.INITIAL)
                .extracting(RoundRecord::level).containsExactly(0, 1, 2);
        assertThat(two.attemptsByIndex().values()).as("every task ran once").allMatch(a -> a.size() == 1);
        assertThat(two.outcomeByIndex().get(19).level()).isEqualTo(2);
        assertThat(two.outcomeByIndex().get(3).level()).isEqualTo(1);
        assertThat(two.outcomes()).allMatch(o -> o.outcome() == FinalOutcome.COMPLETED);

        double gbHoursOne = gbHours(one);
        double gbHoursTwo = gbHours(two);
        JsonNode learned = report(second).path("learned_start");
        String markdown = harness.runExpecting(0, "generate-report", second).stdout();
        java.util.regex.Matcher saved = java.util.regex.Pattern.compile("The learned start level .* it saved \\*\\*"
                + "([0-9.]+) GB-h\\*\\* .* and \\*\\*(\\d+)\\*\\* escalation round\\(s\\)").matcher(markdown);
        assertThat(saved.find()).as(markdown).isTrue();
        System.out.printf("learned start: first run %d attempts in %d rounds one after another, %.6f GB-h; second run"
                        + " %d attempts in %d initial rounds submitted at once, %.6f GB-h (%.0f%% of the first);"
                        + " the report says it saved %s GB-h and %s rounds%n",
                one.attempts().size(), one.rounds().size(), gbHoursOne, two.attempts().size(), two.rounds().size(),
                gbHoursTwo, 100 * gbHoursTwo / gbHoursOne, saved.group(1), saved.group(2));
        assertThat(gbHoursTwo).as("the second run reserves fewer GB-h").isLessThan(gbHoursOne);
        assertThat(Double.parseDouble(saved.group(1))).isPositive();
        assertThat(saved.group(2)).isEqualTo("2");
        assertThat(learned.path("learned_tasks").asInt()).isEqualTo(4);
        assertThat(learned.path("saved_rounds").asInt()).isEqualTo(2);
        assertThat(learned.path("tasks_by_start_level").path("2").asInt()).isEqualTo(1);
        assertThat(learned.path("source_chains").get(0).asText()).isEqualTo(first);
        assertThat(report(first).path("learned_start").path("learned_tasks").asInt()).isZero();
        harness.assertNothingLeftInQueue(two);
    }

    /**
     * Each initial round's {@code %n} as slurmctld holds it ({@code scontrol show job}: ArrayTaskThrottle, kept for
     * MinJobAge after the array ends), asked right after submit, in round order.
     */
    private static List<Integer> throttleSlurmHolds(ChainHarness.Snapshot s) {
        java.util.regex.Pattern throttle = java.util.regex.Pattern.compile("ArrayTaskThrottle=(\\d+)");
        return s.jobs().stream()
                .filter(j -> j.key().role() == dev.memescalate.store.JobRole.ARRAY)
                .sorted(java.util.Comparator.comparingInt(j -> j.key().round()))
                .map(j -> {
                    String shown = cluster.runOk(List.of("scontrol", "-o", "show", "job",
                            j.slurmJobId().orElseThrow())).stdout();
                    java.util.regex.Matcher m = throttle.matcher(shown);
                    assertThat(m.find()).as(shown).isTrue();
                    return Integer.parseInt(m.group(1));
                })
                .toList();
    }

    private static JsonNode report(String chain) throws Exception {
        String json = harness.runExpecting(0, "generate-report", chain, "--format=json").stdout();
        return new ObjectMapper().readTree(json).path("chains").get(0);
    }

    /**
     * What the chain reserved: every attempt's requested memory x its elapsed time, as the handler read them from
     * sacct (the report's JSON rounds GB-h to three decimals, too coarse for chains this small).
     */
    private static double gbHours(ChainHarness.Snapshot chain) {
        return chain.attempts().stream().mapToDouble(a -> LEVEL_MB[a.level()] / 1024.0
                * a.elapsedSeconds().orElse(0) / 3600.0).sum();
    }
}
