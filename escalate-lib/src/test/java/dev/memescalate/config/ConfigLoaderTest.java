package dev.memescalate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memescalate.InvalidInputException;
import dev.memescalate.ladder.Level;
import dev.memescalate.ladder.MemorySize;
import dev.memescalate.ladder.TimeLimit;
import dev.memescalate.policy.Action;
import dev.memescalate.policy.ExitCodeRule;
import dev.memescalate.policy.StatePolicy;
import dev.memescalate.slurm.JobState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigLoaderTest {
    /** The format users already have, verbatim. */
    static final String USERS_FORMAT = """
            levels:
              - partition: devel,day,week,pi_jetz
                mem: 1G
                time: "00:01:00"
              - partition: day,week,pi_jetz
                mem: 2G
                time: "00:02:00"
            state_handling:
              OUT_OF_MEMORY: escalate
              TIMEOUT: escalate
              FAILED: no_retry
              CANCELLED: no_retry
              exit_codes:
                137: escalate
            """;

    private static EscalationConfig parse(String yaml) {
        return ConfigLoader.parse(yaml, "test.yaml");
    }

    private static String errorOf(String yaml) {
        try {
            parse(yaml);
        } catch (InvalidInputException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected an InvalidInputException for:\n" + yaml);
    }

    @Test
    void loadsTheUsersFormatUnchanged() {
        EscalationConfig config = parse(USERS_FORMAT);

        assertThat(config.ladder().levels()).containsExactly(
                new Level(0, List.of("devel", "day", "week", "pi_jetz"), MemorySize.ofMegabytes(1024),
                        TimeLimit.ofMinutes(1)),
                new Level(1, List.of("day", "week", "pi_jetz"), MemorySize.ofMegabytes(2048), TimeLimit.ofMinutes(2)));
        assertThat(config.statePolicy().exitCodeRules())
                .containsExactly(new ExitCodeRule(OptionalInt.of(137), OptionalInt.empty(), Action.ESCALATE));
        assertThat(config.statesFromFile()).containsExactlyInAnyOrder(
                JobState.OUT_OF_MEMORY, JobState.TIMEOUT, JobState.FAILED, JobState.CANCELLED);
        assertThat(config.warnings()).isEmpty();
        assertThat(config.yamlText()).isEqualTo(USERS_FORMAT);
        assertThat(config.source()).isNull();
    }

    @Test
    void statesTheFileDoesNotNameKeepTheDefaults() {
        EscalationConfig config = parse(USERS_FORMAT.replace("CANCELLED: no_retry", "CANCELLED: retry"));

        assertThat(config.statePolicy().stateActions())
                .containsEntry(JobState.CANCELLED, Action.RETRY)
                .containsEntry(JobState.NODE_FAIL, Action.RETRY)
                .containsEntry(JobState.PREEMPTED, Action.RETRY)
                .containsEntry(JobState.BOOT_FAIL, Action.RETRY)
                .containsEntry(JobState.DEADLINE, Action.NO_RETRY)
                .containsEntry(JobState.REVOKED, Action.NO_RETRY)
                .hasSize(StatePolicy.defaults().stateActions().size());
    }

    @Test
    void withoutStateHandlingTheDefaultsApply() {
        EscalationConfig config = parse("levels: [{partition: day, mem: 1G, time: 1}]");

        assertThat(config.statePolicy().stateActions()).isEqualTo(StatePolicy.defaults().stateActions());
        assertThat(config.statePolicy().exitCodeRules()).isEmpty();
        assertThat(config.maxArraySpecLength()).isEqualTo(4096);
        assertThat(config.maxSameLevelRetries()).isEqualTo(2);
        assertThat(config.sacctTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.maxArrayTasks()).isEmpty();
        assertThat(config.doneFilePattern()).isEmpty();
        assertThat(config.handler()).isEqualTo(HandlerResources.unspecified());
    }

    /** YAML 1.1 (SnakeYAML) reads unquoted 1:00:00 as the base-60 integer 3600 and 30:00 as 1800. */
    @ParameterizedTest
    @ValueSource(strings = {"1:00:00", "\"1:00:00\"", "'1:00:00'", "60", "\"60\"", "60:00", "'60:00'", "0-1",
        "0-01:00:00", "0-1:00"})
    void oneHourInEveryFormQuotedOrNot(String written) {
        EscalationConfig config = parse("levels:\n  - partition: day\n    mem: 1G\n    time: " + written + "\n");

        assertThat(config.ladder().level(0).time()).isEqualTo(TimeLimit.ofMinutes(60));
    }

    @Test
    void unquotedMinutesSecondsAreNotReadAsSexagesimal() {
        EscalationConfig config = parse("levels:\n  - {partition: day, mem: 1G, time: 30:00}\n"
                + "handler: {time: 00:05:00}\n");

        assertThat(config.ladder().level(0).time()).isEqualTo(TimeLimit.ofMinutes(30));
        assertThat(config.handler().time()).contains(TimeLimit.ofMinutes(5));
    }

    @Test
    void unquotedSignalRuleIsNotReadAsSexagesimal() {
        EscalationConfig config = parse("levels: [{partition: day, mem: 1G, time: 1}]\n"
                + "state_handling:\n  exit_codes:\n    0:9: retry\n    \"*:9\": escalate\n    137: fail\n");

        assertThat(config.statePolicy().exitCodeRules()).containsExactly(
                new ExitCodeRule(OptionalInt.of(0), OptionalInt.of(9), Action.RETRY),
                new ExitCodeRule(OptionalInt.empty(), OptionalInt.of(9), Action.ESCALATE),
                new ExitCodeRule(OptionalInt.of(137), OptionalInt.empty(), Action.NO_RETRY));
    }

    @Test
    void partitionMayBeAYamlList() {
        EscalationConfig config = parse("levels:\n  - partition: [devel, day]\n    mem: 512\n    time: 1\n");

        assertThat(config.ladder().level(0).partitions()).containsExactly("devel", "day");
        assertThat(config.ladder().level(0).mem()).isEqualTo(MemorySize.ofMegabytes(512));
    }

    @Test
    void readsEveryNewKey() {
        EscalationConfig config = parse("""
                levels:
                  - {partition: day, mem: 1G, time: 1}
                handler:
                  partition: devel
                  mem: 256M
                  time: "5"
                tracker_dir: /data/tracker
                log_dir: /data/logs
                max_array_spec_len: 1000
                max_array_tasks: 500
                done_file: /data/out/{index}.DONE
                max_retries: 0
                sacct_timeout: 600s
                """);

        assertThat(config.handler()).isEqualTo(new HandlerResources(java.util.Optional.of(List.of("devel")),
                java.util.Optional.of(MemorySize.ofMegabytes(256)), java.util.Optional.of(TimeLimit.ofMinutes(5))));
        assertThat(config.trackerDir()).contains(Path.of("/data/tracker"));
        assertThat(config.logDir()).contains(Path.of("/data/logs"));
        assertThat(config.maxArraySpecLength()).isEqualTo(1000);
        assertThat(config.maxArrayTasks()).hasValue(500);
        assertThat(config.doneFilePattern()).contains("/data/out/{index}.DONE");
        assertThat(config.doneFileFor(7)).contains("/data/out/7.DONE");
        assertThat(config.maxSameLevelRetries()).isZero();
        assertThat(config.sacctTimeout()).isEqualTo(Duration.ofMinutes(10));
    }

    @ParameterizedTest
    @ValueSource(strings = {"10m", "600s", "600S", "10", "10:00", "00:10:00"})
    void sacctTimeoutForms(String written) {
        assertThat(parse("levels: [{partition: day, mem: 1G, time: 1}]\nsacct_timeout: " + written)
                .sacctTimeout()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void relativePathsResolveAgainstTheConfigDirectory(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sub dir/my config.yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "levels: [{partition: day, mem: 1G, time: 1}]\n"
                + "tracker_dir: state\nlog_dir: ../logs\ndone_file: out/{index}.DONE\n");

        EscalationConfig config = ConfigLoader.load(file);

        Path base = file.toAbsolutePath().getParent();
        assertThat(config.trackerDir()).contains(base.resolve("state"));
        assertThat(config.logDir()).contains(base.resolve("../logs"));
        assertThat(config.doneFilePattern()).contains(base.resolve("out/{index}.DONE").toString());
        assertThat(config.source()).isEqualTo(file.toAbsolutePath().normalize());
    }

    @Test
    void snapshotTextParsesAsIfReadFromItsFile() {
        Path file = Path.of("/data/project/escalate.yaml");

        EscalationConfig config = ConfigLoader.parse("levels: [{partition: day, mem: 1G, time: 1}]\nlog_dir: logs\n",
                file);

        assertThat(config.source()).isEqualTo(file);
        assertThat(config.logDir()).contains(Path.of("/data/project/logs"));
    }

    @Test
    void emptySectionsMeanDefaults() {
        EscalationConfig config = parse("levels: [{partition: day, mem: 1G, time: 1}]\nstate_handling:\nhandler:\n");

        assertThat(config.statePolicy().stateActions()).isEqualTo(StatePolicy.defaults().stateActions());
        assertThat(config.handler()).isEqualTo(HandlerResources.unspecified());
    }

    @Test
    void emptyExitCodesAndLegacySectionsMeanNothing() {
        EscalationConfig config = parse("levels: [{partition: day, mem: 1G, time: 1}]\n"
                + "state_handling:\n  exit_codes:\ntracker:\ntimeout:\n");

        assertThat(config.statePolicy().exitCodeRules()).isEmpty();
        assertThat(config.trackerDir()).isEmpty();
        assertThat(config.warnings()).isEmpty();
    }

    @Test
    void aSectionThatIsNotAMappingSaysWhatItMustBe() {
        String level = "levels: [{partition: day, mem: 1G, time: 1}]\n";

        assertThat(errorOf(level + "state_handling: escalate\n")).isEqualTo(
                "test.yaml:2: 'state_handling' must be a mapping of STATE: action, found a single value");
        assertThat(errorOf(level + "state_handling:\n  exit_codes: [137]\n")).isEqualTo("test.yaml:3: 'exit_codes'"
                + " must be a mapping of RULE: action (137: escalate, \"0:9\": retry), found a list");
        assertThat(errorOf(level + "handler: [day]\n")).isEqualTo(
                "test.yaml:2: 'handler' must be a mapping {partition, mem, time}, found a list");
        assertThat(errorOf(level + "tracker: here\n")).isEqualTo("test.yaml:2: 'tracker' (original format) must be"
                + " a mapping of base_dir, checkpoint_dir, output_dir, history_log, jobs_dir, found a single value");
    }

    @Test
    void missingFileIsInvalidInput(@TempDir Path dir) {
        assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("nope.yaml")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("config file " + dir.resolve("nope.yaml") + " does not exist; check the path");
    }

    @Test
    void aDirectoryIsNotAConfigFile(@TempDir Path dir) {
        assertThatThrownBy(() -> ConfigLoader.load(dir))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("config file " + dir + " is a directory; give the YAML file itself");
    }

    // ---- the original format ----

    @Test
    void legacyKeysAreMappedOrNamedInOneWarning() {
        EscalationConfig config = parse(USERS_FORMAT + """
                max_array_spec_len: 2000
                timeout:
                  sacct_delay: 30
                  poll_interval: 60
                tracker:
                  base_dir: /data/tracker
                  checkpoint_dir: /data/ckpt
                  output_dir: /data/out
                  history_log: /data/history.log
                logging:
                  enabled: true
                  db_path: /data/log.db
                cluster:
                  name: mccleary
                  partition: day
                  nodes: 4
                """);

        assertThat(config.trackerDir()).contains(Path.of("/data/tracker"));
        assertThat(config.logDir()).contains(Path.of("/data/out"));
        assertThat(config.maxArraySpecLength()).isEqualTo(2000);
        assertThat(config.warnings()).singleElement().asString()
                .startsWith("test.yaml: ignoring keys of the original format")
                .contains("timeout.sacct_delay (line 17)", "timeout.poll_interval (line 18)",
                        "tracker.checkpoint_dir (line 21)", "tracker.history_log (line 23)", "logging.enabled",
                        "logging.db_path", "cluster.name", "cluster.partition", "cluster.nodes")
                .doesNotContain("base_dir", "output_dir");
    }

    @Test
    void bothSpellingsOfOneSettingClash() {
        assertThat(errorOf("levels: [{partition: day, mem: 1G, time: 1}]\ntracker_dir: a\ntracker:\n  base_dir: b\n"))
                .isEqualTo("test.yaml:4: 'tracker.base_dir' and 'tracker_dir' both set tracker_dir; keep one");
    }

    @Test
    void unknownKeyInALegacySection() {
        assertThat(errorOf("levels: [{partition: day, mem: 1G, time: 1}]\ntracker:\n  base_dri: b\n"))
                .isEqualTo("test.yaml:3: unknown key 'tracker.base_dri'; did you mean 'base_dir'?; valid keys in"
                        + " 'tracker': base_dir, checkpoint_dir, output_dir, history_log, jobs_dir");
    }

    // ---- errors ----

    @Test
    void syntaxErrorHasLineAndColumn() {
        assertThat(errorOf("levels:\n  - partition: day\n   mem: [1G\n")).startsWith("test.yaml:3:").contains("not valid YAML");
    }

    @Test
    void tabIndentationPointsAtTheTab() {
        assertThat(errorOf("levels:\n\t- {partition: day, mem: 1G, time: 1}\n"))
                .startsWith("test.yaml:2:1: not valid YAML: found character '\\t(TAB)'");
    }

    @Test
    void aliasesAndSecondDocumentsAreRejected() {
        assertThat(errorOf("levels:\n  - &a {partition: day, mem: 1G, time: 1}\n  - *a\n"))
                .isEqualTo("test.yaml:3: YAML aliases ('*a') are not supported in a config; write the value out");
        assertThat(errorOf("levels: [{partition: day, mem: 1G, time: 1}]\n---\nfoo: 1\n"))
                .startsWith("test.yaml:3: a second YAML document");
    }

    /** YAML 1.1 reads 010 as octal 8; the text is what the user meant for Slurm: 10 minutes. */
    @Test
    void leadingZeroIsNotOctal() {
        assertThat(parse("levels: [{partition: day, mem: 010, time: 010}]").ladder().level(0))
                .extracting(Level::mem, Level::time)
                .containsExactly(MemorySize.ofMegabytes(10), TimeLimit.ofMinutes(10));
    }

    @Test
    void escalationIsLockstepUnlessTheConfigSaysByReason() {
        String ladder = "levels: [{partition: day, mem: 1G, time: 1}, {partition: day, mem: 2G, time: 2}]\n";

        assertThat(parse(ladder).chainOptions().escalation()).isEqualTo(Escalation.LOCKSTEP);
        assertThat(parse(ladder + "escalation: lockstep\n").chainOptions().byReason()).isFalse();
        assertThat(parse(ladder + "escalation: by_reason\n").chainOptions().escalation())
                .isEqualTo(Escalation.BY_REASON);
    }

    @Test
    void anUnknownEscalationNamesTheTwoChoices() {
        assertThat(errorOf("levels: [{partition: day, mem: 1G, time: 1}]\nescalation: byreason\n"))
                .isEqualTo("test.yaml:2: escalation: 'byreason' is not one of lockstep, by_reason (lockstep raises"
                        + " memory and time together; by_reason raises memory after OUT_OF_MEMORY and time after"
                        + " TIMEOUT)");
    }

    @Test
    void unknownTopLevelKeySuggestsTheNearestOne() {
        assertThat(errorOf("levels: [{partition: day, mem: 1G, time: 1}]\nstate_handlng: {}\n"))
                .isEqualTo("test.yaml:2: unknown key 'state_handlng'; did you mean 'state_handling'?; valid keys:"
                        + " levels, memory, time, partitions, options, state_handling, handler, tracker_dir, log_dir, max_array_spec_len,"
                        + " max_array_tasks, done_file, max_retries, sacct_timeout, notify, index_mapping,"
                        + " start_level, start_level_match, escalation");
    }

    @Test
    void unknownLevelKey() {
        assertThat(errorOf("levels:\n  - partition: day\n    memory: 1G\n    time: 1\n"))
                .contains("test.yaml:3: level 0: unknown key 'memory'")
                .contains("test.yaml:2: level 0: missing 'mem'");
    }

    @Test
    void levelsMustBeAList() {
        assertThat(errorOf("levels:\n  partition: day\n")).isEqualTo(
                "test.yaml:2: 'levels' must be a list (each item starting with '- '), found a mapping (key: value)");
    }

    @Test
    void memMustBeASingleValue() {
        assertThat(errorOf("levels:\n  - partition: day\n    mem: [1]\n    time: 1\n"))
                .isEqualTo("test.yaml:3: level 0: mem: expected a single value, found a list");
    }

    @Test
    void emptyLadderAndEmptyFile() {
        assertThat(errorOf("levels: []\n")).startsWith("test.yaml:1: 'levels' is empty");
        assertThat(errorOf("")).startsWith("test.yaml: the config is empty");
        assertThat(errorOf("state_handling: {FAILED: fail}\n")).startsWith("test.yaml:1: no 'levels'");
        assertThat(errorOf("- a\n- b\n")).startsWith("test.yaml:1: the config must be a mapping");
    }

    @Test
    void badMemoryAndTimeSayWhereAndWhatIsValid() {
        String message = errorOf("levels:\n  - partition: day\n    mem: 1.5G\n    time: forever\n");

        assertThat(message).startsWith("test.yaml has 2 problems:")
                .contains("test.yaml:3: level 0: mem: invalid memory '1.5G'", "1536M")
                .contains("test.yaml:4: level 0: time: invalid time 'forever'", "HH:MM:SS");
    }

    @Test
    void aLevelMayNotShrink() {
        assertThat(errorOf("""
                levels:
                  - {partition: day, mem: 2G, time: 1}
                  - {partition: week, mem: 1G, time: 2}
                """)).isEqualTo("test.yaml:3: level 1 (mem 1G, time 00:02:00) vs level 0 (mem 2G, time 00:01:00):"
                + " a level must not have less memory than the level below; order levels from smallest to largest");
    }

    @Test
    void aLevelMustGrowInSomeDimension() {
        assertThat(errorOf("""
                levels:
                  - {partition: day, mem: 2G, time: 1}
                  - {partition: week, mem: 2048, time: "00:01:00"}
                """)).contains("test.yaml:3:", "gives neither more memory, more time nor more CPUs");
    }

    @Test
    void equalInOneDimensionIsFineWhenTheOtherGrows() {
        EscalationConfig config = parse("""
                levels:
                  - {partition: day, mem: 2G, time: 1}
                  - {partition: day, mem: 4G, time: 1}
                  - {partition: week, mem: 4G, time: 2}
                """);

        assertThat(config.ladder().size()).isEqualTo(3);
    }

    @Test
    void unknownStateListsTheValidOnes() {
        assertThat(errorOf(USERS_FORMAT.replace("TIMEOUT: escalate", "TIMEOUT_: escalate")))
                .isEqualTo("test.yaml:10: state_handling: unknown state 'TIMEOUT_'; did you mean 'TIMEOUT'?;"
                        + " valid keys: BOOT_FAIL, CANCELLED, DEADLINE, FAILED, NODE_FAIL, OUT_OF_MEMORY, PREEMPTED,"
                        + " REVOKED, TIMEOUT, exit_codes");
    }

    @Test
    void nonFinalAndSuccessStatesAreNotConfigurable() {
        assertThat(errorOf(USERS_FORMAT.replace("TIMEOUT: escalate", "RUNNING: escalate")))
                .contains("test.yaml:10: state_handling: RUNNING is not a final state");
        assertThat(errorOf(USERS_FORMAT.replace("TIMEOUT: escalate", "COMPLETED: escalate")))
                .contains("COMPLETED is success");
    }

    @Test
    void unknownActionListsTheValidOnes() {
        assertThat(errorOf(USERS_FORMAT.replace("FAILED: no_retry", "FAILED: no-retry")))
                .isEqualTo("test.yaml:11: state_handling.FAILED: unknown action 'no-retry'; did you mean"
                        + " 'no_retry'?; valid actions: escalate, retry, no_retry (alias: fail)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "'1:2:3'", "'*'", "'*:*'", "'256'", "'-1'", "'1:'"})
    void badExitCodeRules(String rule) {
        assertThat(errorOf("levels: [{partition: day, mem: 1G, time: 1}]\nstate_handling:\n  exit_codes:\n    "
                + rule + ": escalate\n")).startsWith("test.yaml:4: exit_codes:").contains("RC:SIGNAL");
    }

    /** Regression: these passed validation and the StatePolicy constructor then failed as an internal error. */
    @ParameterizedTest
    @ValueSource(strings = {"0", "'0:0'", "0:0"})
    void aRuleOnTheSuccessCodeIsAnInputErrorAtItsLine(String rule) {
        assertThat(errorOf("levels: [{partition: day, mem: 1G, time: 1}]\nstate_handling:\n  exit_codes:\n    "
                + rule + ": retry\n")).startsWith("test.yaml:4: exit_codes: rule '0").contains("matches exit code 0:0")
                .contains("TIMEOUT: escalate");
    }

    @Test
    void duplicateKeysAreAnError() {
        assertThat(errorOf("levels: [{partition: day, mem: 1G, time: 1}]\nmax_retries: 1\nmax_retries: 2\n"))
                .isEqualTo("test.yaml:3: key 'max_retries' appears twice (first on line 2); keep only one");
    }

    @Test
    void theSameStateOrRuleTwiceIsAnError() {
        String ladder = "levels: [{partition: day, mem: 1G, time: 1}]\n";
        assertThat(errorOf(ladder + "state_handling:\n  TIMEOUT: escalate\n  timeout: fail\n"))
                .isEqualTo("test.yaml:4: state_handling: TIMEOUT is named twice (state names ignore case); keep one");
        assertThat(errorOf(ladder + "state_handling:\n  exit_codes:\n    137: escalate\n    '137:*': fail\n"))
                .isEqualTo("test.yaml:5: exit_codes: rule '137:*' repeats rule '137' given above; keep one");
    }

    @Test
    void rangeChecks() {
        String ladder = "levels: [{partition: day, mem: 1G, time: 1}]\n";
        assertThat(errorOf(ladder + "max_array_spec_len: 5000")).contains("test.yaml:2: max_array_spec_len: '5000'",
                "from 1 to 4096");
        assertThat(errorOf(ladder + "max_array_tasks: 0")).contains("at least 1");
        assertThat(errorOf(ladder + "max_retries: -1")).contains("at least 0");
        assertThat(errorOf(ladder + "max_retries: two")).contains("'two'");
        assertThat(errorOf(ladder + "done_file: out/x.DONE")).contains("does not contain {index}");
        assertThat(errorOf(ladder + "sacct_timeout: soon")).contains("test.yaml:2: sacct_timeout: invalid duration");
        assertThat(errorOf(ladder + "sacct_timeout: 0s")).contains("zero");
    }

    /** Regression: a number of days that fits a long but not a Duration escaped as an ArithmeticException. */
    @ParameterizedTest
    @ValueSource(strings = {"999999999999999999d", "999999999999999999h", "99999999999999999999s"})
    void aHugeSacctTimeoutIsAnInputError(String written) {
        assertThat(errorOf("levels: [{partition: day, mem: 1G, time: 1}]\nsacct_timeout: " + written))
                .isEqualTo("test.yaml:2: sacct_timeout: duration '" + written + "' is too large; write "
                        + ConfigDurations.VALID_FORMS);
    }

    @Test
    void badPartitionLists() {
        assertThat(errorOf("levels: [{partition: 'devel,,day', mem: 1G, time: 1}]")).contains("empty or blank");
        assertThat(errorOf("levels: [{partition: 'devel day', mem: 1G, time: 1}]")).contains("empty or blank");
    }

    @Test
    void subMinuteTimeWarnsThatSlurmRoundsUp() {
        EscalationConfig config = parse("levels:\n  - {partition: day, mem: 1G, time: \"0:20\"}\n");

        assertThat(config.warnings()).containsExactly(
                "test.yaml:2: level 0: time 00:00:20 is not whole minutes; Slurm rounds it up to 1 minute(s)");
    }

    @Test
    void handlerThatCannotOutwaitSacctIsAWarning() {
        EscalationConfig config = parse("levels: [{partition: day, mem: 1G, time: 1}]\n"
                + "handler: {time: 5}\nsacct_timeout: 10m\n");

        assertThat(config.warnings()).containsExactly("test.yaml: handler.time 00:05:00 is not longer than"
                + " sacct_timeout (600 s): Slurm may kill a handler still waiting for sacct; raise handler.time or"
                + " lower sacct_timeout");
    }

    @Test
    void reportsSeveralProblemsAtOnce() {
        String message = errorOf("levels:\n  - {partition: day, mem: 0, time: 1}\nfoo: 1\nmax_retries: x\n");

        assertThat(message).startsWith("test.yaml has 3 problems:")
                .contains("test.yaml:2:", "test.yaml:3:", "test.yaml:4:");
    }
}
