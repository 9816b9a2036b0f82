package dev.memescalate.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** sbatch's ways of writing an option, as getopt_long reads them (checked against sbatch 22.05.8, see ScriptDirectives). */
class SbatchOptionTest {
    private static List<String> args(String... words) {
        return SbatchOption.parse(List.of(words)).options().stream().map(SbatchOption::toArg).toList();
    }

    @Test
    void shortAndLongFormsWithTheValueAttachedOrNextReadTheSame() {
        assertThat(args("-p", "day")).containsExactly("--partition=day");
        assertThat(args("-pday")).containsExactly("--partition=day");
        assertThat(args("--partition", "day")).containsExactly("--partition=day");
        assertThat(args("--partition=day")).containsExactly("--partition=day");
        assertThat(args("--part=day")).as("an unambiguous abbreviation").containsExactly("--partition=day");
        assertThat(args("-c2", "-N", "1")).containsExactly("--cpus-per-task=2", "--nodes=1");
    }

    @Test
    void flagsTakeNoValueAndMayBeGrouped() {
        assertThat(args("-Hv", "--requeue")).containsExactly("--hold", "--verbose", "--requeue");
        assertThat(args("--nice")).as("an optional value left out").containsExactly("--nice");
        assertThat(args("--nice=5")).containsExactly("--nice=5");
    }

    @Test
    void wordsSbatchRefusesAreProblemsNamingThem() {
        assertThat(SbatchOption.parse(List.of("--co=x")).problems()).singleElement().asString()
                .startsWith("'--co' is ambiguous: it abbreviates --comment, --constraint, --container, --context,"
                        + " --contiguous, --core-spec, --cores-per-socket");
        assertThat(SbatchOption.parse(List.of("--requeue=yes")).problems())
                .containsExactly("'--requeue=yes': --requeue takes no value");
        assertThat(SbatchOption.parse(List.of("--qos")).problems())
                .containsExactly("'--qos': --qos needs a value (--qos=VALUE)");
        assertThat(SbatchOption.parse(List.of("2")).problems())
                .containsExactly("'2' is not an option (options start with - or --)");
        assertThat(SbatchOption.parse(List.of("-y")).problems()).containsExactly("'-y': -y is not an sbatch option");
    }

    @Test
    void anUnknownLongNameIsKeptForANewerSbatch() {
        SbatchOption option = SbatchOption.parse(List.of("--tres-per-task=cpu:2")).options().get(0);

        assertThat(option).isEqualTo(new SbatchOption("tres-per-task", Optional.of("cpu:2"), "--tres-per-task=cpu:2",
                false));
    }

    @Test
    void theStoredFormReadsBack() {
        for (String arg : List.of("--qos=long", "--requeue", "--comment=a=b c", "--begin=now+1hour")) {
            assertThat(SbatchOption.ofArg(arg).toArg()).isEqualTo(arg);
        }
        assertThat(SbatchOption.ofArg("--comment=a=b c").value()).contains("a=b c");
    }
}
