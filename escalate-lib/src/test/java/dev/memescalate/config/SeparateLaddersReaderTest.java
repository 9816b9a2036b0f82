package dev.memescalate.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memescalate.InvalidInputException;
import dev.memescalate.ladder.Ladder;
import dev.memescalate.ladder.LevelPair;
import dev.memescalate.ladder.MemorySize;
import dev.memescalate.ladder.SeparateLadders;
import dev.memescalate.ladder.TimeLimit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Separate {@code memory:} and {@code time:} ladders: what loads, and every refusal with its message and line. */
class SeparateLaddersReaderTest {
    private static final String BY_REASON = "escalation: by_reason\n";

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
    void scalarAndMappingStepsOfDifferentLengthsLoad() {
        Ladder ladder = parse(BY_REASON + """
                memory:
                  - 1G
                  - 2G
                  - {mem: 4G, partitions: [week, pi_jetz]}
                  - {mem: 8G, partition: pi_jetz}
                time:
                  - "1:00:00"
                  - time: "8:00:00"
                    partitions: long,pi_jetz
                partitions: [short, week]
                options:
                  qos: normal
                  cpus_per_task: 2
                """).ladder();

        SeparateLadders s = ladder.separate().orElseThrow();
        assertThat(s.memory()).extracting(st -> st.value()).containsExactly(MemorySize.parse("1G"),
                MemorySize.parse("2G"), MemorySize.parse("4G"), MemorySize.parse("8G"));
        assertThat(s.memory().get(0).partitions()).isEmpty();
        assertThat(s.memory().get(3).partitions()).contains(List.of("pi_jetz"));
        assertThat(s.time()).extracting(st -> st.value()).containsExactly(TimeLimit.parse("1:00:00"),
                TimeLimit.parse("8:00:00"));
        assertThat(s.time().get(1).partitions()).contains(List.of("long", "pi_jetz"));
        assertThat(s.defaultPartitions()).contains(List.of("short", "week"));
        assertThat(s.options().qos()).contains("normal");
        assertThat(ladder.memoryTop()).isEqualTo(3);
        assertThat(ladder.timeTop()).isEqualTo(1);
        assertThat(ladder.at(new LevelPair(2, 1)).partitions()).containsExactly("pi_jetz");
        assertThat(ladder.at(new LevelPair(1, 1)).options().cpusPerTask()).hasValue(2);
    }

    @Test
    void aDefaultIsNotNeededWhenOneListHasARuleOnEveryStep() {
        Ladder ladder = parse(BY_REASON + """
                memory: [{mem: 1G, partitions: [day]}, {mem: 4G, partitions: [week]}]
                time: ["1:00", "2:00"]
                """).ladder();

        assertThat(ladder.at(new LevelPair(1, 1)).partitions()).containsExactly("week");
        assertThat(ladder.separate().orElseThrow().defaultPartitions()).isEmpty();
    }

    @Test
    void levelsTogetherWithMemoryAndTimeAreRefusedNamingTheKey() {
        String error = errorOf(BY_REASON + """
                levels: [{partition: day, mem: 1G, time: 1}]
                memory: [1G]
                time: ["1:00"]
                """);

        assertThat(error).contains("test.yaml:3: 'memory' is for separate memory: and time: ladders, but the config"
                        + " has 'levels:' (line 2); give either levels: (each with its partition and options) or"
                        + " memory: and time:, not both")
                .contains("test.yaml:4: 'time' is for separate");
    }

    @Test
    void partitionsOrOptionsBesideLevelsAreRefused() {
        assertThat(errorOf("levels: [{partition: day, mem: 1G, time: 1}]\npartitions: [day]\n"))
                .isEqualTo("test.yaml:2: 'partitions' is for separate memory: and time: ladders, but the config has"
                        + " 'levels:' (line 1); give either levels: (each with its partition and options) or memory:"
                        + " and time:, not both");
    }

    @Test
    void onlyOneOfTheTwoListsIsRefused() {
        assertThat(errorOf(BY_REASON + "memory: [1G]\npartitions: [day]\n"))
                .isEqualTo("test.yaml:2: 'memory' is given without 'time'; separate ladders need both lists (memory:"
                        + " [1G, 2G], time: [\"1:00:00\", \"4:00:00\"]), or give levels: instead");
        assertThat(errorOf(BY_REASON + "partitions: [day]\ntime: [\"1:00\"]\n"))
                .startsWith("test.yaml:3: 'time' is given without 'memory'");
    }

    @Test
    void theListsNeedEscalationByReason() {
        String lists = "memory: [1G]\ntime: [\"1:00\"]\npartitions: [day]\n";

        assertThat(errorOf(lists)).isEqualTo("test.yaml:1: separate 'memory:' and 'time:' ladders need escalation:"
                + " by_reason, but the config has escalation unset (lockstep, the default); set escalation:"
                + " by_reason, or give levels: for memory and time that rise together");
        assertThat(errorOf("escalation: lockstep\n" + lists)).isEqualTo("test.yaml:2: separate 'memory:' and"
                + " 'time:' ladders need escalation: by_reason, but the config has escalation: lockstep (line 1); set"
                + " escalation: by_reason, or give levels: for memory and time that rise together");
    }

    @Test
    void neitherLevelsNorListsNamesBoth() {
        assertThat(errorOf(BY_REASON + "options: {qos: long}\n"))
                .contains("test.yaml:2: 'options' applies to separate memory: and time: ladders, but the config has"
                        + " neither")
                .contains("test.yaml:1: no 'levels'; the config needs a list of levels, each {partition, mem, time}"
                        + " (or, with escalation: by_reason, separate memory: and time: lists)");
    }

    @Test
    void memoryMustGrowAlongMemoryAndTimeAlongTime() {
        String error = errorOf(BY_REASON + """
                memory:
                  - 2G
                  - 1G
                  - 1G
                time:
                  - "2:00"
                  - "1:00"
                partitions: [day]
                """);

        assertThat(error).contains("test.yaml:4: memory step 1 (1G) has less memory than memory step 0 (2G); order"
                        + " 'memory:' from smallest to largest, each step larger than the one before")
                .contains("test.yaml:5: memory step 2 (1G) gives no more memory than memory step 1 (1G)")
                .contains("test.yaml:8: time step 1 (00:01:00) has less time than time step 0 (00:02:00)");
    }

    @Test
    void aPairWhoseStepsShareNoPartitionIsRefusedNamingThePairAndBothSteps() {
        String error = errorOf(BY_REASON + """
                memory:
                  - 1G
                  - {mem: 64G, partitions: [bigmem]}
                time:
                  - "1:00:00"
                  - {time: "3-00:00:00", partitions: [long]}
                partitions: [short]
                """);

        assertThat(error).isEqualTo("test.yaml:4: the pair memory level 1 / time level 1: memory step 1 (64G,"
                + " partitions bigmem) and time step 1 (3-00:00:00, partitions long) share no partition, so a task"
                + " that needs both could run nowhere; add a partition to one of the two rules");
    }

    @Test
    void aStepWithoutPartitionsIsRefusedWhenThereIsNoDefault() {
        String error = errorOf(BY_REASON + """
                memory:
                  - 1G
                  - {mem: 4G, partitions: [week]}
                time:
                  - "1:00"
                """);

        assertThat(error).contains("test.yaml:3: memory step 0 (1G) has no partitions, nor has time step 0, and"
                        + " there is no top-level 'partitions:'; give it partitions: [...], or give a top-level"
                        + " 'partitions:' default for steps without one")
                .contains("test.yaml:6: time step 0 (00:01:00) has no partitions, nor has memory step 0");
    }

    @Test
    void badStepsAreRefusedAtTheirLine() {
        String error = errorOf(BY_REASON + """
                memory:
                  - {mem: 1G, partition: day, partitions: [day]}
                  - {partitions: [week]}
                  - {mem: 4G, qos: long, cpus: 2}
                  - lots
                time: "1:00"
                partitions: [day]
                """);

        assertThat(error).contains("test.yaml:3: memory step 0: both 'partition' and 'partitions'; keep one")
                .contains("test.yaml:4: memory step 1: missing 'mem'; write the step as mem alone or as {mem: ...,"
                        + " partitions: [...]}")
                .contains("test.yaml:5: memory step 2: unknown key 'cpus'; valid"
                        + " keys: mem, partitions, partition, qos, account, constraint, cpus_per_task, gres, sbatch")
                .contains("test.yaml:6: memory step 3: mem: ")
                .contains("test.yaml:7: 'time' must be a list of steps (each item starting with '- '), found a"
                        + " single value");
    }

    @Test
    void optionsAreReadLikeALevelsOptions() {
        String error = errorOf(BY_REASON + """
                memory: [1G]
                time: ["1:00"]
                partitions: [day]
                options:
                  cpus_per_task: none
                  partition: day
                """);

        assertThat(error).contains("test.yaml:6: options: cpus_per_task: 'none' is not valid")
                .contains("test.yaml:7: options: unknown key 'partition'");
    }

    @Test
    void aStepsOptionsGoToEveryPairWithItOverTheTopLevelOnesAndUpItsList() {
        SeparateLadders s = parse(BY_REASON + """
                memory:
                  - 1G
                  - {mem: 64G, constraint: bigmem, sbatch: [--comment=big]}
                time:
                  - "1:00:00"
                  - {time: "3-00:00:00", qos: long, sbatch: ["--licenses=scratch"]}
                  - "7-00:00:00"
                partitions: [day]
                options:
                  qos: normal
                  account: bio
                  sbatch: [--comment=plain, --nice=10]
                """).ladder().separate().orElseThrow();

        assertThat(s.options(new LevelPair(0, 0)).toSbatchArgs()).containsExactly("--qos=normal", "--account=bio",
                "--comment=plain", "--nice=10");
        // The time step's qos and licenses, the memory step's constraint and comment (over the top-level comment).
        assertThat(s.options(new LevelPair(1, 1)).toSbatchArgs()).containsExactly("--qos=long", "--account=bio",
                "--constraint=bigmem", "--nice=10", "--comment=big", "--licenses=scratch");
        // Time step 2 sets nothing: it takes step 1's options, as a level takes the level below's.
        assertThat(s.time().get(2).options()).isEqualTo(s.time().get(1).options());
        assertThat(s.at(new LevelPair(0, 2)).options().qos()).contains("long");
        assertThat(s.conflicts(new LevelPair(1, 1))).isEmpty();
    }

    @Test
    void stepsAskingTwoValuesOfOneOptionForAPairAreRefusedOncePerKey() {
        String error = errorOf(BY_REASON + """
                memory:
                  - 1G
                  - {mem: 64G, qos: bigmem, account: big}
                  - 128G
                time:
                  - "1:00:00"
                  - {time: "3-00:00:00", qos: long, account: big}
                partitions: [day]
                """);

        assertThat(error).isEqualTo("test.yaml:4: the pair memory level 1 / time level 1 asks qos 'bigmem' (memory"
                + " step 1) and 'long' (time step 1) (and 1 more pair(s) ask two values of qos): a job takes one; set"
                + " qos on the memory steps or on the time steps, or the same value on both");
    }

    @Test
    void aStepsOptionsAreReadLikeALevelsOptions() {
        String error = errorOf(BY_REASON + """
                memory: [1G, {mem: 2G, gres: "gpu:x:y:z"}]
                time: [{time: "1:00", sbatch: [--mem=4G]}]
                partitions: [day]
                """);

        assertThat(error).contains("test.yaml:2: memory step 1: gres: ").contains("test.yaml:3: time step 0: sbatch:"
                + " '--mem=4G': --mem ");
    }

    @Test
    void emptyListsAreRefused() {
        assertThat(errorOf(BY_REASON + "memory: []\ntime: [\"1:00\"]\npartitions: [day]\n"))
                .isEqualTo("test.yaml:2: 'memory' is empty; give at least one step");
    }

    @Test
    void theDiagonalOfSeparateLaddersIsTheirLevels() {
        Ladder ladder = parse(BY_REASON + "memory: [1G, 2G, 4G]\ntime: [\"1:00\"]\npartitions: [day]\n").ladder();

        assertThat(ladder.size()).isEqualTo(3);
        assertThat(ladder.levels()).extracting(l -> l.mem().toSlurm(), l -> l.time().toSlurm()).containsExactly(
                org.assertj.core.groups.Tuple.tuple("1G", "00:01:00"),
                org.assertj.core.groups.Tuple.tuple("2G", "00:01:00"),
                org.assertj.core.groups.Tuple.tuple("4G", "00:01:00"));
        assertThat(ladder.separate().map(SeparateLadders::defaultPartitions)).contains(Optional.of(List.of("day")));
    }
}
