package dev.memescalate.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memescalate.cli.ExitCodes;
import dev.memescalate.cli.Main;
import dev.memescalate.indexset.ArraySpec;
import dev.memescalate.indexset.IndexSet;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CompressIndicesCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final CommandLine cmd = Main.commandLine();

    CompressIndicesCommandTest() {
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
    }

    private int run(String... args) {
        return cmd.execute(args);
    }

    private void standardInput(String text) {
        CompressIndicesCommand command = cmd.getSubcommands().get("compress-indices").getCommand();
        command.readStandardInputFrom(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void compressesAnArgument() {
        int code = run("compress-indices", "5,6,15,16,25,26,35,36");

        assertThat(code).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).isEqualTo("5-35:10,6-36:10" + System.lineSeparator());
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void appendsTheThrottleToTheSingleSpec() {
        int code = run("compress-indices", "--throttle", "4", "0,2,4,6,8,9");

        assertThat(code).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).isEqualTo("0-8:2,9%4" + System.lineSeparator());
    }

    @Test
    void acceptsSpacesNewlinesRangesAndSteps() {
        int code = run("compress-indices", "3 1\n2, 0-15:4\n");

        assertThat(code).isEqualTo(ExitCodes.OK);
        assertThat(out.toString().strip()).isEqualTo("0-4,8,12");
    }

    @Test
    void readsStandardInputForDashOrNoArgument() {
        standardInput("10\n11\n12\n13\n");
        assertThat(run("compress-indices", "-")).isEqualTo(ExitCodes.OK);

        standardInput("0 2 4 6 8 10");
        assertThat(run("compress-indices")).isEqualTo(ExitCodes.OK);

        assertThat(out.toString().lines()).containsExactly("10-13", "0-10:2");
    }

    @Test
    void splitsIntoOneSpecPerLineUnderMaxLen() {
        StringBuilder scattered = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            scattered.append(1000 + i * i).append(',');
        }

        int code = run("compress-indices", "--max-len", "50", "--throttle", "5", scattered.toString());

        assertThat(code).isEqualTo(ExitCodes.OK);
        IndexSet all = IndexSet.empty();
        for (String line : out.toString().lines().toList()) {
            assertThat(line).hasSizeLessThanOrEqualTo(50).endsWith("%5");
            ArraySpec spec = ArraySpec.parse(line);
            assertThat(spec.indices().intersect(all)).isEqualTo(IndexSet.empty());
            all = all.union(spec.indices());
        }
        assertThat(out.toString().lines().count()).isGreaterThan(1);
        assertThat(all).isEqualTo(ArraySpec.parseIndexList(scattered.toString(), 20_000));
    }

    @Test
    void aBackwardsRangeIsInvalidInput() {
        int code = run("compress-indices", "0-5,9-3");

        assertThat(code).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(err.toString()).contains("range 9-3 is backwards; write it as 3-9").doesNotContain("Exception");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void anIndexAtMaxArraySizeIsInvalidInput() {
        int code = run("compress-indices", "--max-array-size", "1001", "0-1001");

        assertThat(code).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(err.toString()).contains("index 1001 in \"0-1001\" is not below MaxArraySize 1001");
    }

    @Test
    void emptyInputIsInvalidInput() {
        standardInput("\n\n");

        assertThat(run("compress-indices")).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(err.toString()).contains("it names no indices");
    }

    @Test
    void badOptionValuesAreInvalidInput() {
        assertThat(run("compress-indices", "--max-len", "0", "1,2")).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(run("compress-indices", "--max-array-size", "5000000", "1,2")).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(run("compress-indices", "--max-len", "3", "--throttle", "10", "12345"))
                .isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(err.toString()).contains("--max-len must be at least 1, got 0")
                .contains("--max-array-size must be between 1 and 4000001, got 5000000")
                .contains("too few for index 12345");
    }
}
