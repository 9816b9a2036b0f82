package dev.memescalate.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memescalate.InvalidInputException;
import dev.memescalate.config.ConfigLoader;
import dev.memescalate.config.StartLevel;
import dev.memescalate.ladder.LevelPair;
import dev.memescalate.slurm.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pre-flight of the options beyond partition, memory and time, against the local cluster with features, a GRES, QOS
 * and accounts (scontrol and sacctmgr replayed from scontrol-sites): what is refused, with what message, how many
 * sacctmgr calls it takes, and what {@code --dry-run} says about options given twice.
 */
class OptionsPreflightTest {
    private static final String LADDER = """
            levels:
              - partition: day
                mem: 200M
                time: 1
              - partition: week
                mem: 2G
                time: 2
                qos: long
                constraint: bigmem
              - partition: pi_jetz
                mem: 4G
                time: 4
                gres: fpga:1
                cpus_per_task: 2
            handler:
              partition: pi_jetz
            """;

    @TempDir
    Path tmp;
    Path workDir;
    final FakeSlurm slurm = new FakeSlurm();

    @BeforeEach
    void setUp() throws IOException {
        workDir = Files.createDirectories(tmp.resolve("work"));
        slurm.cluster = Fixtures.siteCluster();
        script("#!/bin/sh\ntrue\n");
    }

    private void script(String text) throws IOException {
        Files.writeString(workDir.resolve("job.sh"), text);
    }

    private ChainLauncher.Plan prepare(String yaml, String user, String... options) {
        return prepare(yaml, user, OptionalInt.empty(), Optional.empty(), options);
    }

    private ChainLauncher.Plan prepare(String yaml, String user, OptionalInt maxLevel, Optional<StartLevel> start,
            String... options) {
        return new ChainLauncher(slurm, new MutableClock(EngineHarness.T0), new java.util.Random(7))
                .prepare(new ChainLauncher.Request(Path.of("job.sh"), List.of(), "0-3", OptionalInt.empty(),
                        ConfigLoader.parse(yaml, "ladder.yaml"), maxLevel, start, List.of(), Optional.empty(),
                        Optional.empty(), Optional.empty(), workDir, tmp.resolve("tracker"), Path.of("/usr/bin/java"),
                        Path.of("/opt/mem-escalate.jar"), "login", user, List.of(options)));
    }

    private String refusal(String yaml, String user, String... options) {
        try {
            prepare(yaml, user, options);
        } catch (InvalidInputException e) {
            assertThat(slurm.sbatchCalls()).isZero();
            assertThat(tmp.resolve("tracker")).doesNotExist();
            return e.getMessage();
        }
        throw new AssertionError("expected a refusal");
    }

    @Test
    void aLadderOfQosConstraintGresAndCpusThatFitsIsPlannedWithOneSacctmgrCall() {
        ChainLauncher.Plan plan = prepare(LADDER, "root");

        assertThat(plan.firstRound().arrayJobs().get(0).argv()).doesNotContain("--qos=long");
        assertThat(slurm.sacctmgrCalls()).as("show qos only: no account is named").isEqualTo(1);
    }

    @Test
    void byReasonChecksEveryPairOfMemoryAndTimeLevelNamedInMessages() {
        var ladder = ConfigLoader.parse(LADDER, "ladder.yaml").ladder();
        List<String> problems = new java.util.ArrayList<>();

        List<dev.memescalate.slurm.ResourceRequest> pairs = OptionsPreflight.pairRequests(ladder, 0, 2,
                ChainOptions.of(List.of()), List.of(), problems);

        assertThat(problems).isEmpty();
        assertThat(pairs).hasSize(6); // 3 x 3 pairs, the 3 of one level twice being the levels themselves
        assertThat(pairs).filteredOn(r -> r.label().startsWith("memory level 0 / time level 2")).singleElement()
                .satisfies(r -> {
                    assertThat(r.label()).isEqualTo("memory level 0 / time level 2 (mem of level 0, time of level 2,"
                            + " partition and options of level 2)");
                    assertThat(r.memoryMb()).isEqualTo(200);
                    assertThat(r.timeSeconds()).isEqualTo(240);
                    assertThat(r.partitions()).containsExactly("pi_jetz");
                    assertThat(r.cpus()).isEqualTo(2);
                    assertThat(r.gres()).isPresent();
                });
        assertThat(pairs).filteredOn(r -> r.label().startsWith("memory level 1 / time level 0")).singleElement()
                .satisfies(r -> {
                    assertThat(r.memoryMb()).isEqualTo(2048);
                    assertThat(r.timeSeconds()).isEqualTo(60);
                    assertThat(r.qos()).isPresent();
                });
    }

    @Test
    void aByReasonChainPassesPreflightAndItsFirstRoundCarriesBothLevels() {
        ChainLauncher.Plan plan = prepare(LADDER + "escalation: by_reason\n", "root");

        assertThat(plan.firstRound().round().byReason()).isTrue();
        assertThat(plan.firstRound().round().levelLabel()).isEqualTo("mem 0 / time 0");
        assertThat(DryRun.render(plan)).contains("Escalation: by_reason", "Round 1: mem 0 / time 0, 4 task(s)");
    }

    @Test
    void withoutQosOrAccountSacctmgrIsNotAsked() {
        prepare("levels:\n  - {partition: day, mem: 1G, time: 1}\n", "root", "--cpus-per-task=2");

        assertThat(slurm.sacctmgrCalls()).isZero();
    }

    @Test
    void anUnknownQosIsRefusedWithTheOnesSacctmgrKnows() {
        assertThat(refusal(LADDER.replace("qos: long", "qos: lng"), "root")).isEqualTo("level 1: QOS 'lng' (qos of"
                + " level 1) is not a QOS of cluster 'lab' (sacctmgr knows: normal, long, short); did you mean"
                + " 'long'?; give one of those");
    }

    @Test
    void anAccountTheUserHasNoAssociationWithIsRefused() {
        assertThat(refusal(LADDER, "root", "--account=bo")).isEqualTo("--account=bo: you (root) have no association"
                + " with account 'bo' on cluster 'lab' (yours: bio, root); did you mean 'bio'?; give one of yours, or"
                + " ask the cluster's administrators");
        assertThat(refusal(LADDER, "nobody", "--account=bio")).contains("you (nobody) have no association with"
                + " account 'bio'", "(yours: none)");
    }

    @Test
    void aGresOrConstraintThePartitionCannotGiveIsRefusedForTheLevel() {
        assertThat(refusal(LADDER.replace("gres: fpga:1", "gres: fpga:4"), "root"))
                .contains("level 2: partition 'pi_jetz' has no node with the generic resource fpga:4");
        assertThat(refusal(LADDER, "root", "--constraint=fast")).as("the command line's constraint at level 0")
                .contains("level 0: partition 'day' has no node with the features fast");
    }

    @Test
    void theCommandLinesCpusAreCheckedAtEveryLevelThatDoesNotSetItsOwn() {
        assertThat(refusal(LADDER, "root", "--cpus-per-task=8"))
                .contains("level 0: partition 'day' has no node with 8 CPUs", "(--cpus-per-task)")
                .contains("level 1: partition 'week' has no node with 8 CPUs")
                .doesNotContain("level 2: partition 'pi_jetz' has no node with 8 CPUs");
    }

    @Test
    void badCommandLineValuesAndUnknownNodesAreRefusedTogether() {
        String message = refusal(LADDER, "root", "--cpus-per-task=0", "--nodelist=day9", "--exclude=day[1-2]",
                "--mail-type=END,SOMETIMES", "--nice=abc", "--begin=someday", "--chdir=" + tmp.resolve("gone"),
                "--requeue", "--no-requeue");

        assertThat(message).startsWith("nothing was submitted:")
                .contains("--cpus-per-task=0: give a whole number of CPUs for each task, at least 1")
                .contains("--mail-type=END,SOMETIMES: 'SOMETIMES' is not a mail type")
                .contains("--nice=abc: give a whole number")
                .contains("--begin=someday: not a time sbatch takes")
                .contains("--chdir=" + tmp.resolve("gone") + ": does not exist")
                .contains("--requeue and --no-requeue: give one of them");
    }

    @Test
    void nodesTheClusterDoesNotHaveAreRefused() {
        assertThat(refusal(LADDER, "root", "--nodelist=day9")).startsWith("--nodelist=day9: day9 is not a node of"
                + " cluster 'lab' (its nodes: day1, day2, devel1, pi1, week1); check the names");
    }

    @Test
    void aScriptsMemPerCpuIsRefusedBecauseSbatchRefusesItBesideMem() throws IOException {
        script("#!/bin/sh\n#SBATCH --mem-per-cpu=100M\ntrue\n");

        assertThat(refusal(LADDER, "root")).isEqualTo("script job.sh:2: #SBATCH --mem-per-cpu=100M: sbatch refuses"
                + " --mem-per-cpu beside the --mem mem-escalate gives each level; remove the line (the levels' mem is"
                + " the memory of the whole task)");
    }

    @Test
    void aScriptsCpusAreCheckedLikeTheOthers() throws IOException {
        script("#!/bin/sh\n#SBATCH -c 8\ntrue\n");

        assertThat(refusal(LADDER, "root")).contains("level 0: partition 'day' has no node with 8 CPUs",
                "(#SBATCH, job.sh:2)");
    }

    @Test
    void theDryRunSaysWhichOptionWinsWhereOneIsGivenTwice() throws IOException {
        script("#!/bin/sh\n#SBATCH --qos=normal\n#SBATCH --partition=devel\n#SBATCH -o mine.out\ntrue\n");

        ChainLauncher.Plan plan = prepare(LADDER, "root", "--qos=short");

        assertThat(plan.overrides()).contains(
                "levels 0-2: --qos=normal (#SBATCH, job.sh:2) is overridden by --qos=short (the command line)",
                "levels 1-2: --qos=short (the command line) is overridden by --qos=long (the level)",
                "level 0: --partition=devel (#SBATCH, job.sh:3) is overridden by --partition=day (mem-escalate)");
        assertThat(plan.overrides()).anySatisfy(line -> assertThat(line).startsWith(
                "levels 0-2: --output=mine.out (#SBATCH, job.sh:4) is overridden by --output="));
        assertThat(DryRun.render(plan)).contains("Options given in more than one place (sbatch takes its command"
                + " line over the script's #SBATCH lines; a level's options, or a pair's steps' and options:, come"
                + " after submit's, mem-escalate's own last):\n  levels 0-2: --qos=normal (#SBATCH, job.sh:2) is overridden by --qos=short (the"
                + " command line)\n");
    }

    @Test
    void partitionOnTheCommandLineIsAWarningNamingWhatItReplaces() {
        ChainLauncher.Plan plan = prepare(LADDER.replace("gres: fpga:1", "gres: fpga:2"), "root",
                "--partition=pi_jetz");

        assertThat(plan.warnings()).containsExactly("--partition=pi_jetz replaces the partitions of every level"
                + " (level 0: day; level 1: week; level 2: pi_jetz) and is where the handler jobs run unless the"
                + " config's handler.partition names one");
        assertThat(plan.firstRound().arrayJobs().get(0).argv()).contains("--partition=pi_jetz");
    }

    @Test
    void partitionOnTheCommandLineNamesTheStepRulesOfSeparateLadders() {
        ChainLauncher.Plan plan = prepare(SEPARATE, "root", "--partition=pi_jetz");

        assertThat(plan.warnings()).containsExactly("--partition=pi_jetz replaces every step's partition rule and the"
                + " top-level partitions: (memory step 2: week,pi_jetz; time step 1: pi_jetz; partitions: devel,day)"
                + " and is where the handler jobs run unless the config's handler.partition names one");
    }

    @Test
    void aRelativeBeginIsANote() {
        ChainLauncher.Plan plan = prepare(LADDER, "root", "--begin=now+1hour");

        assertThat(plan.notes()).anySatisfy(n -> assertThat(n).startsWith("--begin=now+1hour is read by sbatch each"
                + " time a round is submitted, so every round waits for it again"));
        assertThat(prepare(LADDER, "root", "--begin=2026-12-24T08:00").notes()).noneMatch(n -> n.contains("--begin"));
    }

    @Test
    void chdirIsKeptAbsoluteAndIsWhereTheTasksRun() throws IOException {
        Files.createDirectories(workDir.resolve("data dir"));

        ChainLauncher.Plan plan = prepare(LADDER, "root", "--chdir=data dir");

        assertThat(plan.chain().sbatchOptions()).containsExactly("--chdir=" + workDir.resolve("data dir"));
        assertThat(plan.firstRound().arrayJobs().get(0).argv()).contains("--chdir=" + workDir.resolve("data dir"));
        assertThatThrownBy(() -> prepare(LADDER, "root", "--chdir=job.sh")).hasMessageContaining("is not a"
                + " directory");
    }

    /** Separate ladders, memory 3 steps and time 2, on the local partitions; every pair fits. */
    private static final String SEPARATE = """
            escalation: by_reason
            memory:
              - 200M
              - 1G
              - {mem: 4G, partitions: [week, pi_jetz]}
            time:
              - "1:00"
              - {time: "4:00", partitions: [pi_jetz]}
            partitions: [devel, day]
            handler:
              partition: pi_jetz
            """;

    @Test
    void separateLaddersCheckEveryReachablePairNamedByItsSteps() {
        var ladder = ConfigLoader.parse(SEPARATE, "ladder.yaml").ladder();
        List<String> problems = new java.util.ArrayList<>();

        List<dev.memescalate.slurm.ResourceRequest> pairs = OptionsPreflight.pairRequests(ladder, 0, 2,
                ChainOptions.of(List.of()), List.of(), problems);

        assertThat(problems).isEmpty();
        assertThat(pairs).hasSize(6); // 3 memory steps x 2 time steps, the pairs that are levels included
        assertThat(pairs).filteredOn(r -> r.label().startsWith("memory level 2 / time level 0")).singleElement()
                .satisfies(r -> {
                    assertThat(r.label()).isEqualTo("memory level 2 / time level 0 (memory step 2 (4G, partitions"
                            + " week,pi_jetz), time step 0 (00:01:00))");
                    assertThat(r.memoryMb()).isEqualTo(4096);
                    assertThat(r.timeSeconds()).isEqualTo(60);
                    assertThat(r.partitions()).containsExactly("week", "pi_jetz");
                });
        assertThat(pairs).filteredOn(r -> r.label().startsWith("memory level 2 / time level 1")).singleElement()
                .satisfies(r -> assertThat(r.partitions()).containsExactly("pi_jetz"));
    }

    @Test
    void maxLevelCapsEachDimensionAtMinOfItAndItsTop() {
        var ladder = ConfigLoader.parse(SEPARATE, "ladder.yaml").ladder();

        assertThat(OptionsPreflight.reachablePairs(ladder, 0, 1)).containsExactly(new LevelPair(0, 0),
                new LevelPair(0, 1), new LevelPair(1, 0), new LevelPair(1, 1));
        assertThat(OptionsPreflight.reachablePairs(ladder, 2, 2)).containsExactly(new LevelPair(2, 1));
    }

    @Test
    void aStartLevelAboveTheShorterListStartsAtItsTop() {
        ChainLauncher.Plan plan = prepare(SEPARATE, "root", OptionalInt.empty(), Optional.of(StartLevel.fixed(2)));

        assertThat(plan.firstRound().round().levels()).isEqualTo(new LevelPair(2, 1));
        assertThat(plan.firstRound().arrayJobs().get(0).argv()).contains("--partition=pi_jetz", "--mem=4G");
    }

    @Test
    void theChainWideOptionsOfSeparateLaddersGoToEveryPair() {
        ChainLauncher.Plan plan = prepare(SEPARATE + "options:\n  qos: long\n", "root");

        assertThat(plan.firstRound().arrayJobs().get(0).argv()).contains("--qos=long");
        assertThat(refusal(SEPARATE + "options:\n  constraint: bigmem\n", "root"))
                .contains("memory level 1 / time level 0 (memory step 1 (1G), time step 0 (00:01:00)): partition"
                        + " 'day' has no node with the features bigmem")
                .contains("(constraint of options: of the config)")
                .doesNotContain("memory level 2 / time level");
    }

    @Test
    void aStepsOwnOptionsGoToItsPairsAndArePreflightedNamingTheStep() {
        String withQos = SEPARATE.replace("{time: \"4:00\", partitions: [pi_jetz]}",
                "{time: \"4:00\", partitions: [pi_jetz], qos: long}");
        ChainLauncher.Plan plan = prepare(withQos + "options:\n  qos: normal\n", "root", OptionalInt.empty(),
                Optional.of(StartLevel.fixed(2)));

        assertThat(plan.firstRound().round().levels()).isEqualTo(new LevelPair(2, 1));
        assertThat(plan.firstRound().arrayJobs().get(0).argv()).contains("--qos=long").doesNotContain("--qos=normal");
        // QOS short allows 1 minute: said of the pairs of time step 1 (4 minutes), not of those of time step 0
        // (a note: this cluster does not enforce QOS limits, so Slurm would run them).
        ChainLauncher.Plan shortQos = prepare(withQos.replace("qos: long", "qos: short"), "root");
        assertThat(String.join("\n", shortQos.notes()))
                .contains("memory level 0 / time level 1 (memory step 0 (200M), time step 1 (00:04:00, partitions"
                        + " pi_jetz)): QOS 'short' (qos of time step 1) allows at most 1 minute (MaxWall)")
                .doesNotContain("time level 0 (");
    }

    @Test
    void theDryRunOfSeparateLaddersSaysWhichOptionWinsForWhichPairs() throws IOException {
        script("#!/bin/sh\n#SBATCH --qos=normal\n#SBATCH --mem=2G\ntrue\n");
        String withQos = SEPARATE.replace("{time: \"4:00\", partitions: [pi_jetz]}",
                "{time: \"4:00\", partitions: [pi_jetz], qos: long}");

        ChainLauncher.Plan plan = prepare(withQos, "root");

        // The time step's qos holds for every pair with it, whatever its memory level.
        assertThat(plan.overrides()).containsExactly(
                "memory level 0 / time levels 0-1: --mem=2G (#SBATCH, job.sh:3) is overridden by --mem=200M"
                        + " (mem-escalate)",
                "memory levels 0-2 / time level 1: --qos=normal (#SBATCH, job.sh:2) is overridden by --qos=long"
                        + " (the config)",
                "memory level 1 / time levels 0-1: --mem=2G (#SBATCH, job.sh:3) is overridden by --mem=1G"
                        + " (mem-escalate)",
                "memory level 2 / time levels 0-1: --mem=2G (#SBATCH, job.sh:3) is overridden by --mem=4G"
                        + " (mem-escalate)");
        assertThat(OptionOverrides.pairRange(List.of(new LevelPair(0, 1), new LevelPair(2, 0))))
                .isEqualTo("memory level 0 / time level 1, memory level 2 / time level 0");
    }

    @Test
    void aPairOfSeparateLaddersThatCannotRunIsRefusedNamingItsSteps() {
        String error = refusal("""
                escalation: by_reason
                memory: [200M, 4G]
                time: ["1:00", "2:00"]
                partitions: [day]
                handler:
                  partition: pi_jetz
                """, "root");

        assertThat(error).contains("memory level 1 / time level 0 (memory step 1 (4G), time step 0 (00:01:00))")
                .contains("memory level 0 / time level 1 (memory step 0 (200M), time step 1 (00:02:00))")
                .doesNotContain("memory level 0 / time level 0");
    }

    @Test
    void maxLevelKeepsUnreachablePairsOutOfThePreflight() {
        ChainLauncher.Plan plan = prepare("""
                escalation: by_reason
                memory: [200M, 1G, 64G]
                time: ["1:00"]
                partitions: [day]
                handler:
                  partition: pi_jetz
                """, "root", OptionalInt.of(1), Optional.empty());

        assertThat(plan.chain().maxLevel()).as("64G fits no partition, but memory level 2 is above --max-level=1")
                .isEqualTo(1);
    }
}
