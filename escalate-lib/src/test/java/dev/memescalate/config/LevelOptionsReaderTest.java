package dev.memescalate.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memescalate.InvalidInputException;
import dev.memescalate.ladder.Ladder;
import dev.memescalate.ladder.LevelOptions;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** A level's qos, account, constraint, cpus_per_task, gres and sbatch: read, inherited, refused with the owner. */
class LevelOptionsReaderTest {
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
    void eachKeyIsInheritedFromTheLevelBelowUnlessSet() {
        Ladder ladder = parse("""
                levels:
                  - partition: day
                    mem: 1G
                    time: 1
                    qos: normal
                    account: bio
                    sbatch: [--licenses=matlab]
                  - partition: week
                    mem: 2G
                    time: 2
                    qos: long
                    constraint: bigmem
                    cpus_per_task: 2
                  - partition: pi_jetz
                    mem: 4G
                    time: 4
                    gres: fpga:1
                    sbatch: []
                """).ladder();

        assertThat(ladder.level(0).options()).isEqualTo(new LevelOptions(Optional.of("normal"), Optional.of("bio"),
                Optional.empty(), OptionalInt.empty(), Optional.empty(), List.of("--licenses=matlab")));
        assertThat(ladder.level(1).options()).isEqualTo(new LevelOptions(Optional.of("long"), Optional.of("bio"),
                Optional.of("bigmem"), OptionalInt.of(2), Optional.empty(), List.of("--licenses=matlab")));
        assertThat(ladder.level(2).options()).isEqualTo(new LevelOptions(Optional.of("long"), Optional.of("bio"),
                Optional.of("bigmem"), OptionalInt.of(2), Optional.of("fpga:1"), List.of()));
        assertThat(ladder.level(2).options().toSbatchArgs()).containsExactly("--qos=long", "--account=bio",
                "--constraint=bigmem", "--cpus-per-task=2", "--gres=fpga:1");
    }

    @Test
    void sbatchItemsAreReadAsSbatchReadsThemAndKeptInTheLongForm() {
        Ladder ladder = parse("""
                levels:
                  - partition: day
                    mem: 1G
                    time: 1
                    sbatch:
                      - -N 1
                      - --licenses matlab
                      - --requeue
                      - --sig=USR1@60
                """).ladder();

        assertThat(ladder.level(0).options().sbatch())
                .containsExactly("--nodes=1", "--licenses=matlab", "--requeue", "--signal=USR1@60");
    }

    @Test
    void moreCpusAloneIsAHigherLevel() {
        Ladder ladder = parse("""
                levels:
                  - {partition: day, mem: 1G, time: 1}
                  - {partition: day, mem: 1G, time: 1, cpus_per_task: 4}
                """).ladder();

        assertThat(ladder.size()).isEqualTo(2);
    }

    @Test
    void optionsTheToolOrAKeyOwnsAreRefusedNamingTheOwner() {
        String error = errorOf("""
                levels:
                  - partition: day
                    mem: 1G
                    time: 1
                    sbatch:
                      - --array=0-9
                      - --dependency=afterok:1
                      - --export=NONE
                      - --job-name=x
                      - -o out.txt
                      - --error=err.txt
                      - --parsable
                      - --qos=long
                      - -c 4
                      - --mem-per-cpu=1G
                """);

        assertThat(error).contains("test.yaml has 10 problems")
                .contains("test.yaml:6: level 0: sbatch: '--array=0-9': --array is mem-escalate's: submit --array gives the"
                        + " tasks")
                .contains("test.yaml:7: level 0: sbatch: '--dependency=afterok:1': --dependency is mem-escalate's: it"
                        + " chains the rounds")
                .contains("test.yaml:8: level 0: sbatch: '--export=NONE': --export is submit --export")
                .contains("test.yaml:9: level 0: sbatch: '--job-name=x': --job-name is submit --job-name")
                .contains("test.yaml:10: level 0: sbatch: '-o out.txt': --output is submit --output (or the config's"
                        + " log_dir): give it there")
                .contains("test.yaml:11: level 0: sbatch: '--error=err.txt': --error is submit --error")
                .contains("test.yaml:12: level 0: sbatch: '--parsable': --parsable is mem-escalate's: it reads sbatch's"
                        + " reply itself")
                .contains("test.yaml:13: level 0: sbatch: '--qos=long': --qos is the level key 'qos' (or submit --qos):"
                        + " set it there")
                .contains("test.yaml:14: level 0: sbatch: '-c 4': --cpus-per-task is the level key 'cpus_per_task'")
                .contains("test.yaml:15: level 0: sbatch: '--mem-per-cpu=1G': --mem-per-cpu cannot be given beside the"
                        + " --mem mem-escalate passes");
    }

    @Test
    void aTypoIsRefusedWithTheNearestOptionAndAnUnknownNameIsAWarning() {
        assertThat(errorOf("""
                levels:
                  - {partition: day, mem: 1G, time: 1, sbatch: [--licences=matlab]}
                """)).isEqualTo("test.yaml:2: level 0: sbatch: '--licences=matlab' is not an sbatch option; did you"
                + " mean '--licenses'?");

        EscalationConfig config = parse("""
                levels:
                  - {partition: day, mem: 1G, time: 1, sbatch: [--tres-per-task=cpu:2]}
                """);
        assertThat(config.ladder().level(0).options().sbatch()).containsExactly("--tres-per-task=cpu:2");
        assertThat(config.warnings()).singleElement().asString()
                .contains("test.yaml:2: level 0: sbatch: --tres-per-task is not an option of sbatch 22.05");
    }

    @Test
    void badValuesAreRefusedAtTheirLine() {
        String error = errorOf("""
                levels:
                  - partition: day
                    mem: 1G
                    time: 1
                    qos: two words
                    account: a,b
                    constraint: "bigmem && fast"
                    cpus_per_task: 0
                    gres: "gpu:"
                    sbatch: "--nodes=1"
                """);

        assertThat(error).contains("test.yaml:5: level 0: qos: 'two words' is not a QOS name")
                .contains("test.yaml:6: level 0: account: 'a,b' is not an account name")
                .contains("test.yaml:7: level 0: constraint: constraint 'bigmem && fast': write node features")
                .contains("test.yaml:8: level 0: cpus_per_task: '0' is not valid; write a whole number from 1")
                .contains("test.yaml:9: level 0: gres: gres 'gpu:': 'gpu:' is not a generic resource")
                .contains("test.yaml:10: level 0: sbatch: must be a list of sbatch options");
    }

    @Test
    void aLevelWithoutTheNewKeysReadsAsBefore() {
        Ladder ladder = parse("""
                levels:
                  - {partition: day, mem: 1G, time: 1}
                """).ladder();

        assertThat(ladder.level(0).options()).isEqualTo(LevelOptions.NONE);
    }
}
