package dev.memescalate.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.memescalate.cli.ExitCodes;
import dev.memescalate.store.AttemptRecord;
import dev.memescalate.store.ChainStatus;
import dev.memescalate.store.FinalOutcome;
import dev.memescalate.store.JobRecord;
import dev.memescalate.store.JobRole;
import dev.memescalate.store.TaskOutcomeRecord;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Operating chains on the real local cluster: live status while a round runs, --watch on a terminal and not,
 * STALLED chains and resume (a handler cancelled while its arrays run, and one lost before they ended), cancel
 * (only this chain's jobs), generate-report of a real chain, and the end-of-chain notifications. The chains are
 * submitted together in {@link #submitEveryChain()} so that they run at the same time.
 */
class OperateChainsIT {
    private static final Duration CHAIN_TIMEOUT = Duration.ofMinutes(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Level 0 may run on three partitions (16 CPUs in all), so the chains of this class do not queue for day. */
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
            sacct_timeout: 2m
            """;
    /** Level 0 on the week partition (MaxTime 2 minutes), for tasks that must outlast a busy test setup. */
    private static final String LONG_LADDER = """
            levels:
              - partition: week
                mem: 200M
                time: 2
            handler:
              partition: pi_jetz
              mem: 512M
              time: 5
            sacct_timeout: 2m
            """;

    private static SlurmTestCluster cluster;
    private static ChainHarness live;
    private static ChainHarness cancelled;
    private static ChainHarness bystander;
    private static ChainHarness stalledRunning;
    private static ChainHarness stalledEnded;
    private static ChainHarness notified;
    private static ChainHarness terminal;
    private static String liveChain;
    private static String cancelledChain;
    private static String bystanderChain;
    private static String stalledRunningChain;
    private static String stalledEndedChain;
    private static String notifiedChain;
    private static String terminalChain;
    /** status --watch of the live chain, started as soon as it was submitted, output not a terminal. */
    private static Process liveWatch;
    private static Path liveWatchOutput;
    /** What status --json said of the live chain while its first round ran, sampled by {@link #liveSampler}. */
    private static final List<JsonNode> liveViews = java.util.Collections.synchronizedList(new ArrayList<>());
    private static Thread liveSampler;
    /** status --watch of the terminal chain on a pseudo-terminal (script), sent Ctrl-C after a few seconds. */
    private static Process terminalWatch;
    private static Path terminalOutput;
    /** What the commands said of the stalled-running chain, run while its array ran. */
    private static ChainHarness.Run stalledStatus;
    private static ChainHarness.Run stalledList;
    private static ChainHarness.Run stalledWatch;
    private static ChainHarness.Run stalledResume;
    private static ChainHarness.Run stalledResumeAgain;
    /** cancel, and cancel again, of the cancelled chain while its tasks ran. */
    private static ChainHarness.Run cancel;
    private static ChainHarness.Run cancelAgain;

    @BeforeAll
    static void submitEveryChain() throws Exception {
        cluster = SlurmTestCluster.connect();

        // 12 tasks, 3 at a time, 6 s each; task 5 needs level 1.
        live = new ChainHarness(cluster, "live");
        liveChain = live.submit(List.of("--array=0-11", "--throttle=3", "--config=" + config(live, ""),
                ChainHarness.SCENARIO.toString(), table(live, "5 300 0 0 1", "* 10 6 0 never").toString()), Map.of());
        liveWatchOutput = live.work.resolve("watch.out");
        liveWatch = start(live, List.of("status", liveChain, "--watch", "--interval=2"), liveWatchOutput);
        liveSampler = new Thread(OperateChainsIT::sampleLiveStatus, "live-status-sampler");
        liveSampler.setDaemon(true);
        liveSampler.start();

        // Task 0 completes at once, the others would run two minutes: cancelled while they run.
        cancelled = new ChainHarness(cluster, "cancelled");
        cancelledChain = cancelled.submit(List.of("--array=0-5", "--config=" + config(cancelled, ""),
                ChainHarness.SCENARIO.toString(), table(cancelled, "0 10 0 0 0", "* 10 120 0 never").toString()),
                Map.of());
        bystander = new ChainHarness(cluster, "bystander");
        bystanderChain = bystander.submit(List.of("--array=0-1", "--config=" + config(bystander, ""),
                ChainHarness.SCENARIO.toString(), table(bystander, "* 10 15 0 never").toString()), Map.of());

        // Handler cancelled while the array runs: its guard leaves it alone, STALLED; resume submits a new handler job.
        // The tasks run long enough (100 s, under a 2-minute limit) to outlast the setup of the chains below on a
        // busy cluster.
        stalledRunning = new ChainHarness(cluster, "stalled-running");
        stalledRunningChain = stalledRunning.submit(List.of("--array=0-3",
                "--config=" + stalledRunning.write("ladder.yaml", LONG_LADDER), ChainHarness.SCENARIO.toString(),
                table(stalledRunning, "* 10 100 0 never").toString()), Map.of());
        cancelHandlers(stalledRunning, stalledRunningChain, JobRole.HANDLER);

        // Handler cancelled while pending: STALLED once its guard saw that (and the round ended); resume decides it
        // here and the chain goes on by itself.
        stalledEnded = new ChainHarness(cluster, "stalled-ended");
        stalledEndedChain = stalledEnded.submit(List.of("--array=0-2", "--config=" + config(stalledEnded, ""),
                ChainHarness.SCENARIO.toString(), table(stalledEnded, "1 300 0 0 1", "* 10 2 0 0").toString()),
                Map.of());
        cancelHandlers(stalledEnded, stalledEndedChain, JobRole.HANDLER);

        // notify.command and notify.mail at the end.
        notified = new ChainHarness(cluster, "notified");
        Path notifyScript = notified.write("notify.sh", "#!/bin/sh\nenv | grep '^MEM_ESCALATE_' | sort > \"$1\"\n");
        notifyScript.toFile().setExecutable(true);
        Path notifyOut = notified.work.resolve("notified.env");
        notifiedChain = notified.submit(List.of("--array=0-1", "--config=" + config(notified, """
                notify:
                  mail: alice@example.org
                  command: [%s, %s]
                """.formatted(quoted(notifyScript), quoted(notifyOut))), ChainHarness.SCENARIO.toString(),
                table(notified, "* 10 0 0 0").toString()), Map.of());

        // Watched on a terminal, then Ctrl-C.
        terminal = new ChainHarness(cluster, "terminal");
        terminalChain = terminal.submit(List.of("--array=0-1", "--config=" + config(terminal, ""),
                ChainHarness.SCENARIO.toString(), table(terminal, "* 10 40 0 never").toString()), Map.of());
        startTerminalWatch();

        // The stalled chain while its array runs: status, list, --watch, resume, resume again.
        awaitStalled(stalledRunning, stalledRunningChain);
        stalledStatus = stalledRunning.run(List.of("status", stalledRunningChain), Map.of());
        stalledList = stalledRunning.run(List.of("list"), Map.of());
        stalledWatch = stalledRunning.run(List.of("status", stalledRunningChain, "--watch", "--interval=1"), Map.of());
        stalledResume = stalledRunning.run(List.of("resume", stalledRunningChain), Map.of());
        stalledResumeAgain = stalledRunning.run(List.of("resume", stalledRunningChain), Map.of());

        // Cancel once task 0 has completed and the others run; then again.
        String array = ChainHarness.arrayJobId(cancelled.snapshot(cancelledChain), 1);
        awaitRunning(array + "_1");
        cluster.awaitTerminalTasks(array, List.of(0), Duration.ofSeconds(300));
        cancel = cancelled.run(List.of("cancel", cancelledChain), Map.of());
        cancelAgain = cancelled.run(List.of("cancel", cancelledChain), Map.of());
    }

    /** status --json of the live chain every 1.5 s until its first round has been decided. */
    private static void sampleLiveStatus() {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline)) {
            try {
                JsonNode view = JSON.readTree(live.runExpecting(ExitCodes.OK, "status", liveChain, "--json")
                        .stdout());
                liveViews.add(view);
                if (!view.at("/rounds/0/state").asText().equals("SUBMITTED")) {
                    return;
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            ChainHarness.sleep(Duration.ofMillis(1500));
        }
    }

    /** status --watch under script(1), which gives it a pseudo-terminal; Ctrl-C is typed 10 s later. */
    private static void startTerminalWatch() throws IOException {
        String command = ChainHarness.LAUNCHER + " status " + terminalChain + " --watch --interval=1";
        ProcessBuilder pb = new ProcessBuilder("script", "-qfec", command, "/dev/null")
                .directory(terminal.work.toFile());
        pb.environment().put("MEM_ESCALATE_HOME", terminal.home.toString());
        pb.environment().put("SLURM_CONF", cluster.slurmConf());
        terminalOutput = terminal.work.resolve("tty.out");
        terminalWatch = pb.redirectErrorStream(true).redirectOutput(terminalOutput.toFile()).start();
        Thread ctrlC = new Thread(() -> {
            ChainHarness.sleep(Duration.ofSeconds(10));
            try (OutputStream keyboard = terminalWatch.getOutputStream()) {
                keyboard.write(3); // Ctrl-C: the terminal sends SIGINT to the watch
                keyboard.flush();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        ctrlC.setDaemon(true);
        ctrlC.start();
    }

    @AfterAll
    static void cancelLeftovers() {
        if (liveWatch != null) {
            liveWatch.destroyForcibly();
        }
        if (cluster != null) {
            cluster.cancelSubmittedJobs();
        }
    }

    @Test
    void statusShowsTheLiveProgressOfTheRunningRound() throws InterruptedException {
        liveSampler.join(Duration.ofMinutes(3).toMillis());
        assertThat(liveViews).as("status --json samples").isNotEmpty();
        assertThat(liveViews).anySatisfy(view -> {
            JsonNode round = view.at("/rounds/0");
            assertThat(round.path("state").asText()).isEqualTo("SUBMITTED");
            int ended = round.at("/live/ended").asInt();
            assertThat(ended).as("ended while the round runs").isBetween(1, 11);
            assertThat(round.at("/live/running").asInt()).isBetween(1, 3);
            assertThat(round.at("/live/pending").asInt()).isPositive();
            assertThat(view.at("/tasks/running").asInt()).isBetween(1, 3);
            assertThat(round.path("handler_state").asText()).isEqualTo("WAITING");
            assertThat(view.path("next").asText()).startsWith("when round 1 ends, its handler decides");
        });
        assertThat(liveViews).as("the breakdown of ended tasks from sacct appears while the round runs")
                .anySatisfy(view -> assertThat(view.at("/rounds/0/live/ended_as/completed").asInt()).isPositive());
    }

    @Test
    void watchWithoutATerminalPrintsALinePerChangeAndExitsWithTheChain() throws Exception {
        ChainHarness.Snapshot s = live.awaitEnd(liveChain, CHAIN_TIMEOUT);
        assertThat(liveWatch.waitFor(60, TimeUnit.SECONDS)).as("status --watch ends with the chain").isTrue();
        String out = Files.readString(liveWatchOutput);

        assertThat(s.chain().status()).isEqualTo(ChainStatus.COMPLETED);
        assertThat(liveWatch.exitValue()).as(out).isEqualTo(ExitCodes.OK);
        List<String> lines = out.lines().filter(l -> l.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d .*"))
                .toList();
        assertThat(lines.size()).as(out).isGreaterThanOrEqualTo(3);
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("round 1 (level 0): ").contains("ended"));
        assertThat(lines.get(lines.size() - 1)).contains("COMPLETED: 12 completed");
        assertThat(out).contains("Chain " + liveChain + ": COMPLETED").doesNotContain("\u001b[");
    }

    @Test
    void cancelCancelsEveryLiveJobOfTheChainAndNoOtherChainsJobs() {
        assertThat(cancel.exitCode()).as(cancel.stderr()).isEqualTo(ExitCodes.OK);
        assertThat(cancel.stdout()).contains("Cancelled chain " + cancelledChain);
        ChainHarness.Snapshot s = cancelled.snapshot(cancelledChain);
        assertThat(s.chain().status()).isEqualTo(ChainStatus.CANCELLED);
        assertOneOutcomePerTask(s, 6);
        assertThat(s.outcomeByIndex().get(0).outcome()).isEqualTo(FinalOutcome.COMPLETED);
        for (int i = 1; i <= 5; i++) {
            assertThat(s.outcomeByIndex().get(i).outcome()).as("task %d", i).isEqualTo(FinalOutcome.CANCELLED);
        }
        assertThat(s.attemptsByIndex().get(3)).extracting(AttemptRecord::state).containsExactly("CANCELLED");
        cancelled.assertNothingLeftInQueue(s);

        assertThat(cancelAgain.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(cancelAgain.stdout()).contains("had already ended CANCELLED: nothing to cancel");
        assertThat(bystander.awaitEnd(bystanderChain, CHAIN_TIMEOUT).chain().status())
                .as("another chain's jobs are never touched").isEqualTo(ChainStatus.COMPLETED);
        cancelled.runExpecting(ExitCodes.WORK_FAILED, "status", cancelledChain, "--watch");
    }

    @Test
    void aChainWhoseHandlerWasCancelledWhileItsArraysRunIsStalledAndResumeFinishesIt() {
        assertThat(stalledStatus.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(stalledStatus.stdout()).contains("Chain " + stalledRunningChain + ": STALLED")
                .contains("CANCELLED by 0").contains("run mem-escalate resume " + stalledRunningChain);
        assertThat(stalledList.stdout()).containsPattern(stalledRunningChain + " +STALLED")
                .contains("Run: mem-escalate resume " + stalledRunningChain);
        assertThat(stalledWatch.exitCode()).as(stalledWatch.stdout()).isEqualTo(ExitCodes.UNEXPECTED_STATE);
        assertThat(stalledResume.exitCode()).as(stalledResume.stderr()).isEqualTo(ExitCodes.OK);
        assertThat(stalledResume.stdout()).contains("still run; submitted handler job");
        assertThat(stalledResumeAgain.stdout()).contains("is not stalled").contains("nothing was changed");

        ChainHarness.Snapshot s = stalledRunning.awaitEnd(stalledRunningChain, CHAIN_TIMEOUT);
        assertThat(s.chain().status()).as(ChainHarness.handlerLogs(s.chain())).isEqualTo(ChainStatus.COMPLETED);
        assertOneOutcomePerTask(s, 4);
        assertThat(s.jobs()).filteredOn(j -> j.key().role() == JobRole.HANDLER).extracting(j -> j.key().part())
                .containsExactly(0, 1);
        stalledRunning.assertNothingLeftInQueue(s);
    }

    @Test
    void aChainWhoseHandlerWasLostIsResumedByTheSameCodeAsTheHandlerJob() {
        awaitStalled(stalledEnded, stalledEndedChain);

        ChainHarness.Run resume = stalledEnded.runExpecting(ExitCodes.OK, "resume", stalledEndedChain);

        assertThat(resume.stdout()).contains("round 1: decided here (2 completed, 1 escalated");
        ChainHarness.Snapshot s = stalledEnded.awaitEnd(stalledEndedChain, CHAIN_TIMEOUT);
        assertThat(s.chain().status()).as(ChainHarness.handlerLogs(s.chain())).isEqualTo(ChainStatus.COMPLETED);
        assertThat(s.rounds()).hasSize(2);
        assertThat(s.outcomeByIndex().get(1).level()).isEqualTo(1);
        assertOneOutcomePerTask(s, 3);
        assertThat(stalledEnded.runExpecting(ExitCodes.OK, "resume", stalledEndedChain).stdout())
                .contains("has ended COMPLETED: there is nothing to resume");
    }

    @Test
    void generateReportOfARealChain() throws Exception {
        ChainHarness.Snapshot s = live.awaitEnd(liveChain, CHAIN_TIMEOUT);
        Path md = live.work.resolve("report.md");

        live.runExpecting(ExitCodes.OK, "generate-report", liveChain, "--detailed", "-o", md.toString());
        JsonNode json = JSON.readTree(live.runExpecting(ExitCodes.OK, "generate-report", liveChain, "--format=json",
                "--detailed").stdout());

        String text = Files.readString(md);
        String round1 = ChainHarness.arrayJobId(s, 1);
        assertThat(text).startsWith("# Escalation Report").contains("## Chain " + liveChain)
                .containsPattern("\\| 1 \\| " + round1 + " \\| \\d+ \\| 0 \\| devel,day,week \\| 200M \\| 00:01:00"
                        + " \\| 12 \\| 11 \\| 1 \\| 0 \\| 0 \\| DONE \\|")
                .contains("### Cost of Escalation", "#### Round 2", "**12** of 12 tasks completed.");
        JsonNode chain = json.at("/chains/0");
        assertThat(chain.path("chain").asText()).isEqualTo(liveChain);
        assertThat(chain.path("rounds")).hasSize(2);
        assertThat(chain.at("/cost/gb_hours_succeeded").asDouble()).isPositive();
        // Everything at level 1 (1G) from the start reserves more than this chain did at 200M.
        assertThat(chain.at("/cost/all_at_top_level_gb_hours").asDouble())
                .isGreaterThan(chain.at("/cost/gb_hours_succeeded").asDouble());
        assertThat(chain.at("/cost/first_succeeded_at_level/0").asInt()).isEqualTo(11);
        assertThat(chain.at("/cost/first_succeeded_at_level/1").asInt()).isEqualTo(1);
        assertThat(chain.at("/rounds/0/detail/max_rss_bytes/count").asInt()).as("MaxRSS from the .batch steps")
                .isPositive();
        assertThat(chain.at("/failed_tasks/total").asInt()).isZero();
    }

    @Test
    void theEndOfAChainRunsItsNotifyCommandAndSendsSlurmsMail() throws Exception {
        ChainHarness.Snapshot s = notified.awaitEnd(notifiedChain, CHAIN_TIMEOUT);
        assertThat(s.chain().status()).isEqualTo(ChainStatus.COMPLETED);

        Path env = notified.work.resolve("notified.env");
        assertThat(env).exists();
        assertThat(Files.readAllLines(env)).contains("MEM_ESCALATE_CHAIN_ID=" + notifiedChain,
                "MEM_ESCALATE_CHAIN_STATE=COMPLETED", "MEM_ESCALATE_TASKS_TOTAL=2", "MEM_ESCALATE_TASKS_COMPLETED=2",
                "MEM_ESCALATE_TASKS_FAILED=0");
        // The local cluster's MailProg records what slurmctld would mail (docker/local-cluster).
        Path mailLog = Path.of(cluster.slurmConf()).getParent().getParent().resolve("log").resolve("mail.log");
        String name = "Name=mem-escalate-" + notifiedChain + "-COMPLETED-2of2";
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!(Files.exists(mailLog) && Files.readString(mailLog).contains(name))
                && Instant.now().isBefore(deadline)) {
            ChainHarness.sleep(Duration.ofSeconds(1));
        }
        assertThat(Files.readString(mailLog)).contains(name).contains("alice@example.org");
    }

    @Test
    void watchOnATerminalRedrawsInPlaceAndCtrlCLeavesTheTerminalClean() throws Exception {
        assertThat(terminalWatch.waitFor(60, TimeUnit.SECONDS)).isTrue();

        String out = Files.readString(terminalOutput, StandardCharsets.UTF_8);
        assertThat(out).startsWith("\u001b[?1049h\u001b[?25l")
                .contains("\u001b[H\u001b[2JChain " + terminalChain + ": RUNNING")
                .containsPattern("\\[[#.]{20}\\] \\d/2 ended")
                .contains("Ctrl-C stops watching");
        int frames = out.split("\u001b\\[H\u001b\\[2J", -1).length - 1;
        assertThat(frames).as("redrawn in place, once a second").isGreaterThanOrEqualTo(2);
        String tail = out.substring(out.lastIndexOf("\u001b[?25h"));
        assertThat(tail).as("the terminal is restored").startsWith("\u001b[?25h\u001b[?1049l")
                .contains("stopped watching; the chain goes on");
        assertThat(terminal.awaitEnd(terminalChain, CHAIN_TIMEOUT).chain().status()).as("the chain goes on")
                .isEqualTo(ChainStatus.COMPLETED);
    }

    // ---- helpers ----

    private static Process start(ChainHarness h, List<String> args, Path output) throws IOException {
        List<String> argv = new ArrayList<>();
        argv.add(ChainHarness.LAUNCHER.toString());
        argv.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(argv).directory(h.work.toFile());
        pb.environment().put("MEM_ESCALATE_HOME", h.home.toString());
        pb.environment().put("SLURM_CONF", cluster.slurmConf());
        return pb.redirectErrorStream(true).redirectOutput(output.toFile()).start();
    }

    /** Cancels round 1's jobs of these roles, as a user's scancel (or a lost node) would end them. */
    private static void cancelHandlers(ChainHarness h, String chainId, JobRole... roles) {
        List<JobRecord> jobs = h.snapshot(chainId).jobs();
        for (JobRole role : roles) {
            jobs.stream().filter(j -> j.key().round() == 1 && j.key().role() == role)
                    .forEach(j -> cluster.scancel(j.slurmJobId().orElseThrow()));
        }
    }

    private static void awaitStalled(ChainHarness h, String chainId) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        String last = "";
        while (Instant.now().isBefore(deadline)) {
            last = h.run(List.of("status", chainId), Map.of()).stdout();
            if (last.contains(": STALLED")) {
                return;
            }
            ChainHarness.sleep(Duration.ofSeconds(1));
        }
        throw new AssertionError("chain " + chainId + " did not become STALLED; last status:\n" + last);
    }

    private static void awaitRunning(String task) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(300));
        while (Instant.now().isBefore(deadline)) {
            String state = cluster.run(List.of("squeue", "-h", "-j", task, "-o", "%T")).stdout().strip();
            if (state.equals("RUNNING")) {
                return;
            }
            ChainHarness.sleep(Duration.ofMillis(300));
        }
        throw new AssertionError("task " + task + " did not start within 300 s (other test classes share the cluster)");
    }

    private static void assertOneOutcomePerTask(ChainHarness.Snapshot s, int tasks) {
        List<Integer> indices = s.outcomes().stream().map(TaskOutcomeRecord::index).sorted().toList();
        assertThat(indices).doesNotHaveDuplicates().hasSize(tasks);
    }

    private static Path config(ChainHarness h, String extra) {
        return h.write("ladder.yaml", LADDER + extra);
    }

    private static Path table(ChainHarness h, String... rows) {
        return h.write("table.txt", "# index mem_mb sleep_s exit_code ok_from_level done_from_round\n"
                + String.join("\n", rows) + "\n");
    }

    private static String quoted(Path p) {
        return "\"" + p.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
