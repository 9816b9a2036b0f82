package dev.memescalate.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memescalate.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CheckConfigCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        return cmd.execute(args);
    }

    /** The repository's config/ directory, found upwards from the module directory Maven runs tests in. */
    private static Path examples() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("config/default.yaml"))) {
                return dir.resolve("config");
            }
        }
        throw new IllegalStateException("config/default.yaml not found above " + Path.of("").toAbsolutePath());
    }

    /** Golden output for config/local-cluster.yaml; regenerate by running check-config on it and pasting. */
    @Test
    void printsTheLadderRulesAndSettingsOfTheLocalClusterExample() {
        Path file = examples().resolve("local-cluster.yaml");

        int code = run("check-config", file.toString());

        assertThat(err.toString()).isEmpty();
        assertThat(code).isZero();
        assertThat(out.toString()).isEqualTo(file + ": valid\n" + """

                Ladder (4 levels; a task starts at level 0 and escalates one level at a time):
                  LEVEL  PARTITIONS  MEMORY  TIME
                  0      devel,day   256M    00:01:00
                  1      day         1G      00:01:00
                  2      week        4G      00:02:00
                  3      pi_jetz     8G      00:04:00

                State handling (states the file does not name keep the default):
                  BOOT_FAIL      retry     (default)
                  CANCELLED      no_retry
                  DEADLINE       no_retry  (default)
                  FAILED         no_retry
                  NODE_FAIL      retry     (default)
                  OUT_OF_MEMORY  escalate
                  PREEMPTED      retry     (default)
                  REVOKED        no_retry  (default)
                  TIMEOUT        escalate

                Exit-code rules (sacct ExitCode RC:SIGNAL):
                  none (default)

                Settings:
                  handler.partition   pi_jetz
                  handler.mem         512M
                  handler.time        00:05:00
                  tracker_dir         (not set: the default location)
                  log_dir             (not set: the default location)
                  max_array_spec_len  4096 (default)
                  max_array_tasks     (not set: as many as fit the array spec length)
                  done_file           (not set: sacct alone decides)
                  escalation          lockstep (default)
                  max_retries         2 (default)
                  sacct_timeout       3m
                  notify.mail         (not set: no mail)
                  notify.command      (not set: no command)
                """);
    }

    /** Golden ladder part for config/by-reason-separate.yaml; regenerate by running check-config on it and pasting. */
    @Test
    void printsBothSeparateLaddersAndEveryPairOfTheSeparateExample() {
        Path file = examples().resolve("by-reason-separate.yaml");

        int code = run("check-config", file.toString());

        assertThat(err.toString()).isEmpty();
        assertThat(code).isZero();
        assertThat(out.toString()).startsWith(file + ": valid\n" + """

                Memory ladder (4 step(s); escalation: by_reason with separate ladders: OUT_OF_MEMORY and exit codes\
                 137 or signal 9 raise the memory level, TIMEOUT the time level, other escalations both; a step's\
                 PARTITIONS are its rule, in parentheses the top-level default; a step takes the options of the step\
                 below unless it sets its own):
                  MEMORY LEVEL  MEMORY  PARTITIONS
                  0             256M    (devel,day)
                  1             1G      (devel,day)
                  2             4G      week,pi_jetz
                  3             8G      pi_jetz

                Time ladder (3 step(s)):
                  TIME LEVEL  TIME      PARTITIONS    QOS
                  0           00:01:00  (devel,day)   -
                  1           00:02:00  week,pi_jetz  -
                  2           00:04:00  pi_jetz       long

                Pairs (a round at memory level m and time level t asks for this; partitions both steps allow, in\
                 the memory step's order; options the steps' own over the top-level ones, '-' is none):
                  MEMORY LEVEL  TIME LEVEL  MEMORY  TIME      PARTITIONS    QOS
                  0             0           256M    00:01:00  devel,day     -
                  0             1           256M    00:02:00  week,pi_jetz  -
                  0             2           256M    00:04:00  pi_jetz       long
                  1             0           1G      00:01:00  devel,day     -
                  1             1           1G      00:02:00  week,pi_jetz  -
                  1             2           1G      00:04:00  pi_jetz       long
                  2             0           4G      00:01:00  week,pi_jetz  -
                  2             1           4G      00:02:00  week,pi_jetz  -
                  2             2           4G      00:04:00  pi_jetz       long
                  3             0           8G      00:01:00  pi_jetz       -
                  3             1           8G      00:02:00  pi_jetz       -
                  3             2           8G      00:04:00  pi_jetz       long

                State handling""");
        assertThat(out.toString()).contains("  escalation          by_reason\n");
    }

    @Test
    void printsTheWarningAboutIgnoredLegacyKeysAndTheMappedOnes() {
        Path file = examples().resolve("legacy-original.yaml");

        int code = run("check-config", file.toString());

        assertThat(code).isZero();
        assertThat(out.toString())
                .contains("Warnings:\n  " + file + ": ignoring keys of the original format that mem-escalate does not"
                        + " use: timeout.sacct_delay (line 22)")
                .contains("tracker_dir         " + file.getParent().resolve("tracker"))
                .contains("log_dir             " + file.getParent().resolve("tracker/output"))
                .contains("  137  escalate\n");
    }

    @Test
    void levelOptionsAreColumnsWithTheInheritedValuesAndOnlyWhenSomeLevelSetsThem(@TempDir Path dir)
            throws Exception {
        Path file = Files.writeString(dir.resolve("sites.yaml"), """
                levels:
                  - {partition: day, mem: 1G, time: 1, account: bio}
                  - {partition: week, mem: 2G, time: 2, qos: long, constraint: bigmem, cpus_per_task: 2}
                  - partition: pi_jetz
                    mem: 4G
                    time: 4
                    gres: fpga:1
                    sbatch: [--requeue, "--comment=two words"]
                """);

        int code = run("check-config", file.toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("""
                Ladder (3 levels; a task starts at level 0 and escalates one level at a time; a level takes the options\
                 of the level below unless it sets its own, '-' is none):
                  LEVEL  PARTITIONS  MEMORY  TIME      CPUS  QOS   ACCOUNT  CONSTRAINT  GRES    SBATCH
                  0      day         1G      00:01:00  -     -     bio      -           -       -
                  1      week        2G      00:02:00  2     long  bio      bigmem      -       -
                  2      pi_jetz     4G      00:04:00  2     long  bio      bigmem      fpga:1  --requeue '--comment=two words'
                """);
    }

    @Test
    void invalidConfigExitsWithCode2AndSaysWhereAndWhat(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad config.yaml");
        Files.writeString(file, "levels:\n  - partition: day\n    mem: 2G\n    time: 1\n"
                + "  - partition: week\n    mem: 1G\n    time: 2\nstate_handling:\n  OOM: escalate\n");

        int code = run("check-config", file.toString());

        assertThat(code).isEqualTo(2);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString())
                .startsWith("mem-escalate: " + file + " has 2 problems:\n")
                .contains("  " + file + ":5: level 1 (mem 1G, time 00:02:00) vs level 0")
                .contains("  " + file + ":9: state_handling: unknown state 'OOM'")
                .doesNotContain("Exception");
    }

    @Test
    void missingFileExitsWithCode2(@TempDir Path dir) {
        int code = run("check-config", dir.resolve("none.yaml").toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("mem-escalate: config file " + dir.resolve("none.yaml")
                + " does not exist; check the path\n");
    }

    @Test
    void missingArgumentIsAUsageError() {
        assertThat(run("check-config")).isEqualTo(2);
        assertThat(err.toString()).contains("FILE");
    }
}
