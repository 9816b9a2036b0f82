package dev.memescalate.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memescalate.cli.CliEnvironment;
import dev.memescalate.cli.ExitCodes;
import dev.memescalate.cli.Main;
import dev.memescalate.cli.Terminal;
import dev.memescalate.indexset.IndexSet;
import dev.memescalate.policy.Outcome;
import dev.memescalate.slurm.Sleeper;
import dev.memescalate.slurm.Slurm;
import dev.memescalate.store.AttemptRecord;
import dev.memescalate.store.ChainRecord;
import dev.memescalate.store.ChainStatus;
import dev.memescalate.store.ChainStore;
import dev.memescalate.store.FinalOutcome;
import dev.memescalate.store.RoundKind;
import dev.memescalate.store.RoundRecord;
import dev.memescalate.store.RoundStatus;
import dev.memescalate.store.TaskOutcomeRecord;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The commands that read chains (status, list, generate-report, the original tool's --status and --list), on a
 * store of one ended chain: no Slurm call is needed, and none may be made. Rendering itself is pinned by the golden
 * tests in escalate-lib (report package); these check the commands' options, output files and exit codes.
 */
class StatusCommandTest {
    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
    private static final String LADDER = """
            levels:
              - partition: day
                mem: 200M
                time: 1
              - partition: week
                mem: 2G
                time: 2
            """;

    @TempDir
    Path home;

    record Result(int exitCode, String out, String err) {
    }

    /** No Slurm call may happen for an ended chain: any is a test failure. */
    private static final Slurm NO_SLURM = (Slurm) java.lang.reflect.Proxy.newProxyInstance(
            Slurm.class.getClassLoader(), new Class<?>[] {Slurm.class}, (proxy, method, args) -> {
                throw new AssertionError("unexpected Slurm call " + method.getName());
            });

    Result run(String... args) {
        CliEnvironment env = new CliEnvironment(Map.of("MEM_ESCALATE_HOME", home.toString()), () -> NO_SLURM,
                Clock.fixed(T0.plusSeconds(3600), ZoneOffset.UTC), ZoneOffset.UTC, Terminal.PLAIN,
                Sleeper.THREAD_SLEEP);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = Main.commandLine(env);
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        int code = cmd.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    /** A chain of 3 tasks: task 1 ran out of memory at level 0 and completed at level 1; task 2 failed. */
    private void storeEndedChain() {
        try (ChainStore store = ChainStore.open(home.resolve("chains.db"))) {
            store.write(tx -> {
                tx.chains().insert(new ChainRecord("c0ffee01", T0, ChainStatus.RUNNING, Optional.empty(),
                        Path.of("/w/job.sh"), home.resolve("chains/c0ffee01/job.sh"), List.of("a"), List.of(),
                        "0-2", OptionalInt.empty(), "job.sh", "%x.out", "%x.out", LADDER, Optional.empty(), 0, 1,
                        Path.of("/w"), home.resolve("chains/c0ffee01"), "host", "user"));
                tx.rounds().insert(new RoundRecord("c0ffee01", 1, 0, IndexSet.range(0, 2), OptionalInt.empty(),
                        RoundKind.INITIAL, RoundStatus.DONE, T0, Optional.of(T0), Optional.of(T0), Optional.of(T0),
                        List.of()));
                tx.rounds().insert(new RoundRecord("c0ffee01", 2, 1, IndexSet.of(1), OptionalInt.of(1),
                        RoundKind.ESCALATE, RoundStatus.DONE, T0, Optional.of(T0), Optional.of(T0), Optional.of(T0),
                        List.of()));
                tx.attempts().insert(List.of(
                        attempt(0, 1, 0, "COMPLETED", 0, 0, Outcome.COMPLETED),
                        attempt(1, 1, 0, "OUT_OF_MEMORY", 0, 125, Outcome.ESCALATE),
                        attempt(2, 1, 0, "FAILED", 3, 0, Outcome.FAILED),
                        attempt(1, 2, 1, "COMPLETED", 0, 0, Outcome.COMPLETED)));
                tx.outcomes().insert(List.of(
                        new TaskOutcomeRecord("c0ffee01", 0, FinalOutcome.COMPLETED, 1, 0, "completed"),
                        new TaskOutcomeRecord("c0ffee01", 2, FinalOutcome.FAILED, 1, 0, "state FAILED 3:0 -> no_retry"),
                        new TaskOutcomeRecord("c0ffee01", 1, FinalOutcome.COMPLETED, 2, 1, "completed")));
                tx.chains().updateStatus("c0ffee01", ChainStatus.COMPLETED_WITH_FAILURES,
                        Optional.of(T0.plusSeconds(60)));
                return null;
            });
        }
    }

    private static AttemptRecord attempt(int index, int round, int level, String state, int rc, int sig, Outcome o) {
        return new AttemptRecord("c0ffee01", index, round, level, "10" + round, state, state, rc, sig,
                OptionalLong.of(3), OptionalLong.empty(), Optional.of("day1"), Optional.empty(), Optional.empty(),
                OptionalInt.empty(), Optional.empty(), Optional.empty(), o, o.name());
    }

    @Test
    void statusShowsRoundsOutcomesAndWithTasksEveryTask() {
        storeEndedChain();

        Result r = run("status", "c0ffee01", "--tasks");

        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
        assertThat(r.out()).startsWith("Chain c0ffee01: COMPLETED_WITH_FAILURES\n")
                .contains("Tasks      3 (array 0-2): 2 completed, 1 failed, 0 exhausted\n")
                .contains("Submitted  2026-11-21 10:00:00\n  Ended      2026-11-21 10:01:00 (ran 1m00s)")
                .contains("1     COMPLETED  1      r1/L0: OUT_OF_MEMORY 0:125, r2/L1: COMPLETED 0:0\n")
                .contains("2     FAILED     0      r1/L0: FAILED 3:0  -- state FAILED 3:0 -> no_retry\n");
    }

    @Test
    void watchOnAnEndedChainWithFailuresExitsOneAndListsOnlyTheFailedTasks() {
        storeEndedChain();

        Result r = run("status", "c0ffee01", "--watch", "--interval=1");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.WORK_FAILED);
        assertThat(r.out()).contains("2026-11-21 11:00:00 COMPLETED_WITH_FAILURES: 2 completed, 1 failed")
                .contains("Tasks that did not complete (1):")
                .contains("2     FAILED     0      r1/L0: FAILED 3:0")
                .doesNotContain("0     COMPLETED");
    }

    @Test
    void theOriginalToolsStatusFormWithWatchAndSeconds() {
        storeEndedChain();

        Result r = run("--status", "c0ffee01", "--watch", "7");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.WORK_FAILED);
        assertThat(r.out()).contains("Tasks that did not complete (1):");
        assertThat(run("-s", "c0ffee01").exitCode()).isEqualTo(ExitCodes.OK);
    }

    @Test
    void statusJsonCarriesTheDocumentedFields() {
        storeEndedChain();

        Result r = run("status", "c0ffee01", "--json", "--tasks");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(r.out()).contains("\"chain\": \"c0ffee01\"", "\"state\": \"COMPLETED_WITH_FAILURES\"",
                "\"max_level\": 1", "\"total\": 3", "\"rounds\": [", "\"task_outcomes\": [", "\"outcome\": \"FAILED\"");
    }

    @Test
    void listAndTheOriginalListForm() {
        storeEndedChain();

        Result list = run("list", "--all");
        Result legacy = run("--list");

        assertThat(list.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(list.out()).contains("c0ffee01  COMPLETED_WITH_FAILURES  job.sh  2          1       3      1");
        assertThat(legacy.out()).contains("c0ffee01");
        assertThat(run("list", "--state=running").out()).startsWith("No chains in state RUNNING");
        assertThat(run("list", "--json", "--all").out()).startsWith("[").contains("\"chain\": \"c0ffee01\"");
    }

    @Test
    void listRefusesAnUnknownState() {
        storeEndedChain();

        Result r = run("list", "--state=DONE");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(r.err()).contains("--state=DONE: not a chain state; give one of SUBMITTING, RUNNING, STALLED");
    }

    @Test
    void generateReportToAFileInMarkdownAndJson() throws Exception {
        storeEndedChain();
        Path md = home.resolve("report.md");

        Result r = run("generate-report", "c0ffee01", "--detailed", "-o", md.toString());

        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
        assertThat(Files.readString(md)).startsWith("# Escalation Report\n\nGenerated: 2026-11-21 11:00:00\n")
                .contains("### Escalation Rounds", "### Failed Tasks", "### Cost of Escalation", "#### Round 2",
                        "**2** of 3 tasks completed. **1** failed (not retried).");
        assertThat(run("generate-report", "--all", "--format=json").out()).contains("\"chains\": [",
                "\"gb_hours_failed\"");
    }

    @Test
    void generateReportRefusesBadOutputAndBadSelections() {
        storeEndedChain();

        assertThat(run("generate-report", "c0ffee01", "-o", home.resolve("no/such/dir/r.md").toString()).err())
                .contains("does not exist");
        assertThat(run("generate-report").exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(run("generate-report", "--all", "c0ffee01").exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(run("generate-report", "--format=pdf", "--all").exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    }

    @Test
    void badChainIdsAreRefusedBeforeAnythingIsRead() {
        storeEndedChain();

        for (String bad : List.of("../../etc/passwd", "*", "", "a".repeat(500), "c0ffee01;rm -rf /", "C0FFEE01")) {
            for (String command : List.of("status", "cancel", "resume", "generate-report")) {
                Result r = run(command, bad);
                assertThat(r.exitCode()).as("%s %s", command, bad).isEqualTo(ExitCodes.INVALID_INPUT);
                assertThat(r.err()).as("%s %s", command, bad).contains("a chain id is the 8 hexadecimal digits")
                        .doesNotContain("Exception");
            }
        }
    }

    @Test
    void anUnknownChainIsAUserError() {
        storeEndedChain();

        Result r = run("status", "deadbeef");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(r.err()).contains("no chain 'deadbeef'").doesNotContain("Exception");
    }

    @Test
    void noStoreAtAllSaysWhereItLooked() {
        Result r = run("status", "c0ffee01");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(r.err()).contains("no chains are tracked in " + home).contains("MEM_ESCALATE_HOME");
    }

    @Test
    void cancellingOrResumingAnEndedChainChangesNothing() {
        storeEndedChain();

        Result cancel = run("cancel", "c0ffee01");
        Result resume = run("resume", "c0ffee01");

        assertThat(cancel.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(cancel.out()).contains("had already ended COMPLETED_WITH_FAILURES: nothing to cancel");
        assertThat(resume.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(resume.out()).contains("has ended COMPLETED_WITH_FAILURES: there is nothing to resume");
    }
}
