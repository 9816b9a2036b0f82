package dev.memescalate.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memescalate.ladder.LevelPair;
import dev.memescalate.ladder.MemorySize;
import dev.memescalate.store.ChainStatus;
import dev.memescalate.store.FinalOutcome;
import dev.memescalate.store.JobRecord;
import dev.memescalate.store.JobRole;
import dev.memescalate.store.RoundRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 part 1 on the real local cluster: one chain of four OOM-only tasks (they touch 300 MB; level 0 gives
 * 100M) and four TIMEOUT-only tasks (they sleep 100 s at every level; level 0 allows 1 minute, level 1 two), run at
 * once with {@code escalation: lockstep} and with {@code escalation: by_reason}. Every task completes in its second
 * attempt either way; sacct shows what each second attempt asked for: lockstep gives all of them level 1's 800M and
 * 2 minutes, by_reason gives the OOM tasks 800M and level 0's minute, the TIMEOUT tasks 2 minutes and level 0's 100M.
 * The GB-hours each chain reserved (sacct's ReqMem x Elapsed over every attempt) are printed for the note.
 *
 * <p>A third chain runs at the same time with separate {@code memory:} and {@code time:} ladders whose steps have
 * different partition rules ({@link #SEPARATE}): sacct and the submitted argv show that each second attempt got the
 * memory, time and partitions of its pair, the intersection of both steps' rules for the pair that needs both, and
 * the QOS of its time step where that step has one of its own. Its three sibling rounds share its
 * {@code --throttle=5} by task count.
 */
class ByReasonIT {
    private static final Duration CHAIN_TIMEOUT = Duration.ofMinutes(8);
    /** What every chain of this test shares: its handler, which must outlive sacct_timeout (only pi_jetz can). */
    private static final String HANDLER = """
            index_mapping: never
            handler:
              partition: pi_jetz
              mem: 768M
              time: 5
            sacct_timeout: 2m
            """;
    private static final String LADDER = """
            levels:
              - partition: devel,day,week,pi_jetz
                mem: 100M
                time: 1
              - partition: week,pi_jetz
                mem: 800M
                time: 2
            """ + HANDLER;
    /** index mem_mb sleep_s exit_code ok_from_level: 0-3 need memory, 4-7 need time (at every level). */
    private static final String TABLE = """
            0 300 0 0 0
            1 300 0 0 0
            2 300 0 0 0
            3 300 0 0 0
            * 0 100 0 never
            """;
    private static final List<Integer> OOM_TASKS = List.of(0, 1, 2, 3);
    private static final List<Integer> TIMEOUT_TASKS = List.of(4, 5, 6, 7);

    /**
     * Separate ladders. Pairs: (0, 0) devel,day (the default: no step has a rule); (1, 0) week (the memory step's
     * rule); (0, 1) pi_jetz,week (the time step's); (1, 1) week: the intersection, where the time step alone would
     * put pi_jetz first. The time step 1 asks for QOS long, the others get the top-level options' QOS normal.
     */
    private static final String SEPARATE = """
            escalation: by_reason
            memory:
              - 100M
              - {mem: 800M, partitions: [week]}
            time:
              - "1:00"
              - {time: "2:00", partition: "pi_jetz,week", qos: long}
            partitions: [devel, day]
            options:
              qos: normal
            state_handling:
              exit_codes:
                "3": escalate
            """ + HANDLER;
    /**
     * Tasks 0-1 touch 300 MB (OOM at 100M), 2-3 sleep 100 s in round 1 (TIMEOUT at one minute), 4 exits 3 in round
     * 1 (an escalation that raises both levels). Every task succeeds within seconds from round 2 on, so this chain's
     * second attempts add no TIMEOUT wait to the test's run time.
     */
    private static final String SEPARATE_SCRIPT = """
            #!/bin/bash
            i=$SLURM_ARRAY_TASK_ID
            if ((i <= 1)); then head -c 300M /dev/zero | tail -n 1 >/dev/null; exit 0; fi
            if ((MEM_ESCALATE_ROUND > 1)); then sleep 1; exit 0; fi
            if ((i <= 3)); then sleep 100; exit 0; fi
            exit 3
            """;

    private static SlurmTestCluster cluster;
    private static ChainHarness harness;

    @BeforeAll
    static void connect() {
        cluster = SlurmTestCluster.connect();
        harness = new ChainHarness(cluster, "by-reason");
    }

    @AfterAll
    static void cancelLeftovers() {
        if (cluster != null) {
            cluster.cancelSubmittedJobs();
        }
    }

    /** One attempt as sacct saw it. */
    record Attempt(int index, int round, String state, long reqMemMb, long timelimitMinutes, long elapsedSeconds,
            String partition, String qos) {
    }

    @Test
    void byReasonRaisesOnlyWhatEachTaskLackedAndReservesFewerGbHours() throws Exception {
        Path table = harness.write("table.txt", TABLE);
        Path lockstepConfig = harness.write("lockstep.yaml", LADDER + "escalation: lockstep\n");
        Path byReasonConfig = harness.write("by-reason.yaml", LADDER + "escalation: by_reason\n");

        String dryRun = harness.runExpecting(0, "submit", "--dry-run", "--array=0-7", "--config=" + byReasonConfig,
                ChainHarness.SCENARIO.toString(), table.toString()).stdout();
        assertThat(dryRun).contains("Escalation: by_reason", "Round 1: mem 0 / time 0");

        String lockstep = harness.submit(List.of("--array=0-7", "--config=" + lockstepConfig,
                ChainHarness.SCENARIO.toString(), table.toString()), Map.of());
        String byReason = harness.submit(List.of("--array=0-7", "--config=" + byReasonConfig,
                ChainHarness.SCENARIO.toString(), table.toString()), Map.of());
        Path separateConfig = harness.write("separate.yaml", SEPARATE);
        Path separateScript = harness.write("separate.sh", SEPARATE_SCRIPT);
        String separate = harness.submit(List.of("--array=0-4", "--throttle=5", "--config=" + separateConfig,
                separateScript.toString()), Map.of());
        CompletableFuture<ChainHarness.Snapshot> lockstepEnd = CompletableFuture.supplyAsync(
                () -> harness.awaitEnd(lockstep, CHAIN_TIMEOUT));
        CompletableFuture<ChainHarness.Snapshot> separateEnd = CompletableFuture.supplyAsync(
                () -> harness.awaitEnd(separate, CHAIN_TIMEOUT));
        ChainHarness.Snapshot two = harness.awaitEnd(byReason, CHAIN_TIMEOUT);
        ChainHarness.Snapshot one = lockstepEnd.get();
        ChainHarness.Snapshot three = separateEnd.get();

        for (ChainHarness.Snapshot s : List.of(one, two)) {
            assertThat(s.chain().status()).as(ChainHarness.handlerLogs(s.chain())).isEqualTo(ChainStatus.COMPLETED);
            assertThat(s.outcomes()).hasSize(8).allMatch(o -> o.outcome() == FinalOutcome.COMPLETED);
        }
        assertThat(one.rounds()).extracting(RoundRecord::levels)
                .containsExactly(LevelPair.lockstep(0), LevelPair.lockstep(1));
        assertThat(one.rounds()).noneMatch(RoundRecord::byReason);
        assertThat(two.rounds()).allMatch(RoundRecord::byReason);
        assertThat(two.rounds().get(0).levels()).isEqualTo(LevelPair.lockstep(0));
        Map<LevelPair, RoundRecord> siblings = new HashMap<>();
        two.rounds().subList(1, two.rounds().size()).forEach(r -> siblings.put(r.levels(), r));
        assertThat(siblings).containsOnlyKeys(new LevelPair(1, 0), new LevelPair(0, 1));
        assertThat(siblings.get(new LevelPair(1, 0)).indices().toArray()).containsExactly(0, 1, 2, 3);
        assertThat(siblings.get(new LevelPair(0, 1)).indices().toArray()).containsExactly(4, 5, 6, 7);

        List<Attempt> lockstepAttempts = attempts(one);
        List<Attempt> byReasonAttempts = attempts(two);
        for (List<Attempt> attempts : List.of(lockstepAttempts, byReasonAttempts)) {
            assertThat(attempts).hasSize(16);
            assertThat(firstAttempts(attempts, OOM_TASKS)).allSatisfy(a -> {
                assertThat(a.state()).isEqualTo("OUT_OF_MEMORY");
                assertThat(a.reqMemMb()).isEqualTo(100);
                assertThat(a.timelimitMinutes()).isEqualTo(1);
            });
            assertThat(firstAttempts(attempts, TIMEOUT_TASKS)).allSatisfy(a -> {
                assertThat(a.state()).isEqualTo("TIMEOUT");
                assertThat(a.reqMemMb()).isEqualTo(100);
            });
            assertThat(secondAttempts(attempts)).hasSize(8).allMatch(a -> a.state().equals("COMPLETED"));
        }
        assertThat(secondAttempts(lockstepAttempts)).as("lockstep: level 1 for everyone").allSatisfy(a -> {
            assertThat(a.reqMemMb()).isEqualTo(800);
            assertThat(a.timelimitMinutes()).isEqualTo(2);
        });
        assertThat(secondAttempts(byReasonAttempts)).as("by_reason: OOM tasks keep level 0's time").filteredOn(
                a -> OOM_TASKS.contains(a.index())).hasSize(4).allSatisfy(a -> {
                    assertThat(a.reqMemMb()).isEqualTo(800);
                    assertThat(a.timelimitMinutes()).isEqualTo(1);
                });
        assertThat(secondAttempts(byReasonAttempts)).as("by_reason: TIMEOUT tasks keep level 0's memory").filteredOn(
                a -> TIMEOUT_TASKS.contains(a.index())).hasSize(4).allSatisfy(a -> {
                    assertThat(a.reqMemMb()).isEqualTo(100);
                    assertThat(a.timelimitMinutes()).isEqualTo(2);
                });

        // The views name both levels of a by_reason round, and one level of a lockstep round.
        String status = harness.runExpecting(0, "status", byReason, "--tasks").stdout();
        assertThat(status).contains("mem 1 / time 0", "mem 0 / time 1", "m0/t1");
        assertThat(harness.runExpecting(0, "status", lockstep).stdout()).doesNotContain("mem 0 / time");
        assertThat(harness.runExpecting(0, "generate-report", byReason).stdout()).contains("| mem 0 / time 1 |");

        double lockstepGbHours = gbHours(lockstepAttempts);
        double byReasonGbHours = gbHours(byReasonAttempts);
        System.out.printf("by_reason vs lockstep, 4 OOM-only + 4 TIMEOUT-only tasks, ladder 100M/1min -> 800M/2min:"
                        + " lockstep %.6f GB-h, by_reason %.6f GB-h reserved (sacct ReqMem x Elapsed); by_reason/lockstep"
                        + " = %.3f%n", lockstepGbHours, byReasonGbHours, byReasonGbHours / lockstepGbHours);
        assertThat(byReasonGbHours).as("by_reason reserves fewer GB-h").isLessThan(lockstepGbHours);
        harness.assertNothingLeftInQueue(one);
        harness.assertNothingLeftInQueue(two);
        assertSeparateLadders(separate, three);
    }

    /** The third chain: each second attempt ran with its pair's memory step, time step and partitions. */
    private static void assertSeparateLadders(String chainId, ChainHarness.Snapshot s) {
        assertThat(s.chain().status()).as(ChainHarness.handlerLogs(s.chain())).isEqualTo(ChainStatus.COMPLETED);
        assertThat(s.outcomes()).hasSize(5).allMatch(o -> o.outcome() == FinalOutcome.COMPLETED);
        assertThat(s.rounds().get(0).levels()).isEqualTo(LevelPair.lockstep(0));
        Map<LevelPair, RoundRecord> siblings = new HashMap<>();
        s.rounds().subList(1, s.rounds().size()).forEach(r -> siblings.put(r.levels(), r));
        assertThat(siblings).containsOnlyKeys(new LevelPair(1, 0), new LevelPair(0, 1), new LevelPair(1, 1));
        assertThat(siblings.get(new LevelPair(1, 0)).indices().toArray()).containsExactly(0, 1);
        assertThat(siblings.get(new LevelPair(0, 1)).indices().toArray()).containsExactly(2, 3);
        assertThat(siblings.get(new LevelPair(1, 1)).indices().toArray()).containsExactly(4);
        Map<Integer, String> partitionArg = new HashMap<>();
        for (JobRecord j : s.jobs()) {
            if (j.key().role() == JobRole.ARRAY) {
                partitionArg.put(j.key().round(), j.argv().stream().filter(a -> a.startsWith("--partition="))
                        .findFirst().orElseThrow());
            }
        }
        Map<LevelPair, String> askedFor = new HashMap<>();
        s.rounds().forEach(r -> askedFor.put(r.levels(), partitionArg.get(r.number())));
        // --throttle=5: the three sibling rounds, submitted together, share it by their task counts (2, 2, 1).
        Map<LevelPair, String> arrayArg = new HashMap<>();
        s.rounds().forEach(r -> arrayArg.put(r.levels(), s.jobs().stream()
                .filter(j -> j.key().round() == r.number() && j.key().role() == JobRole.ARRAY)
                .flatMap(j -> j.argv().stream()).filter(a -> a.startsWith("--array=")).findFirst().orElseThrow()));
        assertThat(arrayArg).containsEntry(new LevelPair(0, 0), "--array=0-4%5")
                .containsEntry(new LevelPair(1, 0), "--array=0,1%2")
                .containsEntry(new LevelPair(0, 1), "--array=2,3%2")
                .containsEntry(new LevelPair(1, 1), "--array=4%1");
        assertThat(askedFor).containsEntry(new LevelPair(0, 0), "--partition=devel,day")
                .containsEntry(new LevelPair(1, 0), "--partition=week")
                .containsEntry(new LevelPair(0, 1), "--partition=pi_jetz,week")
                .containsEntry(new LevelPair(1, 1), "--partition=week");

        List<Attempt> attempts = attempts(s);
        assertThat(attempts).hasSize(10);
        assertThat(firstAttempts(attempts, List.of(0, 1, 2, 3, 4))).allSatisfy(a -> {
            assertThat(a.reqMemMb()).isEqualTo(100);
            assertThat(a.timelimitMinutes()).isEqualTo(1);
            assertThat(a.partition()).isIn("devel", "day");
            assertThat(a.qos()).isEqualTo("normal");
        }).extracting(Attempt::state).containsExactly("OUT_OF_MEMORY", "OUT_OF_MEMORY", "TIMEOUT", "TIMEOUT",
                "FAILED");
        List<Attempt> second = secondAttempts(attempts);
        assertThat(second).hasSize(5).allMatch(a -> a.state().equals("COMPLETED"));
        assertThat(second).as("(1, 0): memory step 1, time step 0, memory step's partition")
                .filteredOn(a -> a.index() <= 1).hasSize(2).allSatisfy(a -> {
                    assertThat(a.reqMemMb()).isEqualTo(800);
                    assertThat(a.timelimitMinutes()).isEqualTo(1);
                    assertThat(a.partition()).isEqualTo("week");
                    assertThat(a.qos()).as("the top-level options'").isEqualTo("normal");
                });
        assertThat(second).as("(0, 1): memory step 0, time step 1, time step's partitions")
                .filteredOn(a -> a.index() == 2 || a.index() == 3).hasSize(2).allSatisfy(a -> {
                    assertThat(a.reqMemMb()).isEqualTo(100);
                    assertThat(a.timelimitMinutes()).isEqualTo(2);
                    assertThat(a.partition()).isIn("pi_jetz", "week");
                    assertThat(a.qos()).as("time step 1's own").isEqualTo("long");
                });
        assertThat(second).as("(1, 1): both steps, in the partition both rules allow")
                .filteredOn(a -> a.index() == 4).singleElement().satisfies(a -> {
                    assertThat(a.reqMemMb()).isEqualTo(800);
                    assertThat(a.timelimitMinutes()).isEqualTo(2);
                    assertThat(a.partition()).isEqualTo("week");
                    assertThat(a.qos()).isEqualTo("long");
                });
        assertThat(harness.runExpecting(0, "generate-report", chainId).stdout())
                .contains("| Memory ladder | 100M → 800M (week) |", "| Time ladder | 00:01:00 → 00:02:00 (pi_jetz,week) |",
                        "| mem 1 / time 1 |");
        harness.assertNothingLeftInQueue(s);
    }

    /** Every task attempt of the chain's array jobs, from sacct's allocation rows. */
    private static List<Attempt> attempts(ChainHarness.Snapshot s) {
        Map<String, Integer> roundOfJob = new HashMap<>();
        for (JobRecord j : s.jobs()) {
            if (j.key().role() == JobRole.ARRAY) {
                roundOfJob.put(j.slurmJobId().orElseThrow(), j.key().round());
            }
        }
        return cluster.sacctFields(List.copyOf(roundOfJob.keySet()),
                "JobID,State,ReqMem,TimelimitRaw,ElapsedRaw,Partition,QOS").stream()
                .map(f -> {
                    String[] id = f[0].split("_");
                    return new Attempt(Integer.parseInt(id[1]), roundOfJob.get(id[0]), f[1].split(" ")[0],
                            MemorySize.parse(f[2]).megabytes(), Long.parseLong(f[3]), Long.parseLong(f[4]), f[5],
                            f[6]);
                })
                .toList();
    }

    private static List<Attempt> firstAttempts(List<Attempt> attempts, List<Integer> tasks) {
        return attempts.stream().filter(a -> a.round() == 1 && tasks.contains(a.index())).toList();
    }

    private static List<Attempt> secondAttempts(List<Attempt> attempts) {
        return attempts.stream().filter(a -> a.round() > 1).toList();
    }

    /** Requested memory x elapsed time of every attempt, in GB-hours. */
    private static double gbHours(List<Attempt> attempts) {
        return attempts.stream().mapToDouble(a -> a.reqMemMb() / 1024.0 * a.elapsedSeconds() / 3600.0).sum();
    }
}
