package dev.memescalate.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memescalate.InvalidInputException;
import dev.memescalate.config.ConfigLoader;
import dev.memescalate.config.EscalationConfig;
import dev.memescalate.store.ChainStatus;
import dev.memescalate.store.ChainStore;
import dev.memescalate.store.JobRole;
import dev.memescalate.store.RoundStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChainLauncherTest {
    private static final String SCRIPT = "run job.sh";

    @TempDir
    Path tmp;
    Path workDir;
    Path trackerDir;
    final MutableClock clock = new MutableClock(EngineHarness.T0);
    final FakeSlurm slurm = new FakeSlurm();

    @BeforeEach
    void setUp() throws IOException {
        workDir = Files.createDirectories(tmp.resolve("work"));
        trackerDir = tmp.resolve("tracker");
        Files.writeString(workDir.resolve(SCRIPT), "#!/bin/sh\necho \"$SLURM_ARRAY_TASK_ID\"\n");
    }

    private ChainLauncher.Request request(String yaml, String arraySpec) {
        return request(yaml, arraySpec, OptionalInt.empty(), Path.of(SCRIPT));
    }

    private ChainLauncher.Request request(String yaml, String arraySpec, OptionalInt maxLevel, Path script) {
        EscalationConfig config = ConfigLoader.parse(yaml, "test.yaml");
        return new ChainLauncher.Request(script, List.of("a b", "$(x)"), arraySpec, OptionalInt.empty(), config,
                maxLevel, Optional.empty(), List.of("FOO=bar"), Optional.empty(), Optional.empty(), Optional.empty(), workDir,
                trackerDir, Path.of("/usr/bin/java"), Path.of("/opt/mem-escalate.jar"), "login-host", "alice");
    }

    private ChainLauncher launcher() {
        return new ChainLauncher(slurm, clock, new java.util.Random(7));
    }

    /** Replaces level {@code n} (0-based) of the test ladder. */
    private static String withLevel(int n, String partition, String mem, int minutes) {
        String[] levels = {"day|200M|1", "day|1G|1", "week|2G|2"};
        levels[n] = partition + "|" + mem + "|" + minutes;
        StringBuilder yaml = new StringBuilder("levels:\n");
        for (String level : levels) {
            String[] f = level.split("\\|");
            yaml.append("  - partition: ").append(f[0]).append("\n    mem: ").append(f[1])
                    .append("\n    time: ").append(f[2]).append('\n');
        }
        return yaml + EngineHarness.LADDER.substring(EngineHarness.LADDER.indexOf("handler:"));
    }

    @Test
    void aValidRequestIsPlannedWithoutWritingAnything() throws IOException {
        ChainLauncher.Plan plan = launcher().prepare(request(EngineHarness.LADDER, "0-11"));

        assertThat(plan.chain().status()).isEqualTo(ChainStatus.SUBMITTING);
        assertThat(plan.chain().maxLevel()).isEqualTo(2);
        assertThat(plan.chain().scriptPath()).isEqualTo(workDir.resolve(SCRIPT));
        assertThat(plan.firstRound().arrayJobs()).hasSize(1);
        assertThat(plan.firstRound().jobs()).extracting(j -> j.key().role())
                .containsExactly(JobRole.ARRAY, JobRole.HANDLER, JobRole.GUARD, JobRole.GUARD);
        assertThat(plan.chain().id()).matches("[0-9a-f]{8}");
        assertThat(plan.limitsJson()).contains("\"max_array_size\":10001", "\"guards\"");
        assertThat(plan.storeFile()).isEqualTo(trackerDir.resolve(ChainLauncher.STORE_FILE));
        assertThat(plan.handlerScript()).contains(HandlerScript.MAIN_CLASS, plan.chain().id());
        assertNothingWritten();
    }

    @Test
    void aTimeAboveEveryPartitionsMaxTimeIsRefusedNamingTheLevelAndTheLimit() {
        assertRefused(request(withLevel(2, "week", "2G", 3), "0-11"), "level 2", "week", "MaxTime", "2 minutes",
                "3 minutes");
    }

    @Test
    void memoryAboveEveryNodeIsRefusedNamingTheLevelAndTheLargestNode() {
        assertRefused(request(withLevel(2, "week", "16G", 2), "0-11"), "level 2", "week", "16384 MB", "8192 MB");
    }

    @Test
    void anUnknownPartitionIsRefusedWithTheExistingOnes() {
        assertRefused(request(withLevel(0, "nosuch", "200M", 1), "0-11"), "level 0", "'nosuch' does not exist",
                "devel", "pi_jetz");
    }

    @Test
    void anIndexAtOrAboveMaxArraySizeIsRefusedWithoutRenumbering() {
        assertRefused(request(EngineHarness.LADDER + "index_mapping: never\n", "0-10001"), "10001", "MaxArraySize",
                "leave out index_mapping: never");
    }

    @Test
    void indicesAboveMaxArraySizeRunRenumbered() {
        ChainLauncher.Plan plan = launcher().prepare(request(EngineHarness.LADDER, "20000-20999"));
        assertThat(plan.firstRound().arrayJobs()).singleElement().satisfies(a -> {
            assertThat(a.arraySpec()).contains("0-999");
            assertThat(a.indices()).contains(dev.memescalate.indexset.IndexSet.range(20000, 20999));
        });
        assertThat(plan.taskLauncher()).isPresent();
    }

    @Test
    void moreTasksThanMaxJobCountAllowsAreRefusedWithTheLargestChainThatFits() {
        // MaxJobCount 10000; round 1 is the array, its handler and two guards: 9996 tasks fit, 9997 never would.
        assertThat(launcher().prepare(request(EngineHarness.LADDER, "0-9995")).firstRound().arrayJobs()).hasSize(1);
        assertRefused(request(EngineHarness.LADDER, "0-9996"), "9997 tasks", "MaxJobCount of 10000",
                "at most 9996 tasks per chain");
    }

    @Test
    void aMissingScriptIsRefused() {
        assertRefused(request(EngineHarness.LADDER, "0-11", OptionalInt.empty(), Path.of("no such.sh")),
                "no such.sh", "no such file");
    }

    @Test
    void aMaxLevelOutsideTheLadderIsRefused() {
        assertRefused(request(EngineHarness.LADDER, "0-11", OptionalInt.of(3), Path.of(SCRIPT)), "--max-level=3",
                "levels 0 to 2");
        assertRefused(request(EngineHarness.LADDER, "0-11", OptionalInt.of(-1), Path.of(SCRIPT)), "--max-level=-1");
    }

    @Test
    void aThrottleInTheArraySpecIsRefusedInFavourOfTheOption() {
        assertRefused(request(EngineHarness.LADDER, "0-11%4"), "--array=0-11%4", "--throttle=4");
    }

    /**
     * Regression: a job name with a comma was accepted, but squeue --name splits its list on commas, so the submitter
     * could not look its own jobs up after a lost sbatch reply (QueueQuery refuses such a name, and the submission
     * died with an IllegalArgumentException, leaving the job claimed).
     */
    @Test
    void aJobNameWithACommaIsRefused() throws IOException {
        ChainLauncher.Request named = request(EngineHarness.LADDER, "0-11");
        ChainLauncher.Request withComma = new ChainLauncher.Request(named.script(), named.args(), named.arraySpec(),
                named.throttle(), named.config(), named.maxLevel(), named.startLevel(), named.exports(),
                Optional.of("fit,plot"), named.outputPattern(), named.errorPattern(), named.workDir(),
                named.trackerDir(), named.java(), named.jar(), named.submitHost(), named.user());
        assertRefused(withComma, "'fit,plot'", "comma", "--job-name");

        Files.writeString(workDir.resolve("a,b.sh"), "#!/bin/sh\n");
        assertThatThrownBy(() -> launcher().prepare(request(EngineHarness.LADDER, "0-11", OptionalInt.empty(),
                Path.of("a,b.sh")))).isInstanceOf(InvalidInputException.class).hasMessageContaining("'a,b.sh'");
    }

    @Test
    void levelsAboveTheMaxLevelAreNotChecked() {
        ChainLauncher.Plan plan = launcher().prepare(request(withLevel(2, "week", "16G", 2), "0-11",
                OptionalInt.of(1), Path.of(SCRIPT)));

        assertThat(plan.chain().maxLevel()).isEqualTo(1);
        assertNothingWritten();
    }

    @Test
    void launchWritesTheChainAndSubmitsRoundOne() throws IOException {
        ChainLauncher.Plan plan = launcher().prepare(request(EngineHarness.LADDER, "0-11"));
        try (ChainStore store = ChainStore.open(plan.storeFile())) {
            RoundSubmitter submitter = engine(store).submitter();

            RoundSubmitter.Result result = launcher().launch(plan, store, submitter);

            assertThat(result.status()).isEqualTo(RoundStatus.SUBMITTED);
            Path chainDir = plan.chain().chainDir();
            assertThat(chainDir.resolve(SCRIPT)).hasSameTextualContentAs(workDir.resolve(SCRIPT));
            assertThat(chainDir.resolve(RoundPlanner.HANDLER_SCRIPT)).content().isEqualTo(plan.handlerScript());
            assertThat(Files.isExecutable(chainDir.resolve(RoundPlanner.HANDLER_SCRIPT))).isTrue();
            assertThat(store.read(tx -> tx.chains().find(plan.chain().id())).orElseThrow().status())
                    .isEqualTo(ChainStatus.RUNNING);
            assertThat(slurm.submissions().get(0).argv()).contains(chainDir.resolve(SCRIPT).toString());
            assertThat(store.<java.util.Optional<String>>read(tx -> tx.chains().limits(plan.chain().id())))
                    .contains(plan.limitsJson());
        }
    }

    @Test
    void aRoundOneThatSbatchRefusesFailsTheChain() {
        ChainLauncher.Plan plan = launcher().prepare(request(EngineHarness.LADDER, "0-11"));
        slurm.failSbatch(1, FakeSlurm.memoryRefusal());
        try (ChainStore store = ChainStore.open(plan.storeFile())) {
            RoundSubmitter submitter = engine(store).submitter();

            launcher().launch(plan, store, submitter);

            assertThat(store.read(tx -> tx.chains().find(plan.chain().id())).orElseThrow().status())
                    .isEqualTo(ChainStatus.FAILED);
            List<dev.memescalate.store.TaskOutcomeRecord> outcomes = store.read(tx -> tx.outcomes().forChain(plan.chain().id()));
            assertThat(outcomes).hasSize(12);
        }
    }

    private Engine engine(ChainStore store) {
        return new Engine(store, slurm, clock, new RecordingSleeper(clock), "me", EngineHarness.SACCT_ZONE,
                Files::exists, new RecordingCommands(), TaskLauncherFiles.ON_DISK);
    }

    private void assertRefused(ChainLauncher.Request request, String... messageParts) {
        assertThatThrownBy(() -> launcher().prepare(request))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContainingAll(messageParts);
        assertNothingWritten();
    }

    private void assertNothingWritten() {
        assertThat(trackerDir).doesNotExist();
        try (Stream<Path> files = Files.walk(tmp)) {
            assertThat(files.filter(Files::isRegularFile).toList()).containsExactly(workDir.resolve(SCRIPT));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertThat(slurm.sbatchCalls()).isZero();
    }
}
