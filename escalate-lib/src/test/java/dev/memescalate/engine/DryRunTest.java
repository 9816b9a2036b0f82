package dev.memescalate.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memescalate.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DryRunTest {
    @TempDir
    Path tmp;

    private ChainLauncher.Plan plan(String extraYaml, String arraySpec, OptionalInt throttle) throws IOException {
        Path work = Files.createDirectories(tmp.resolve("work"));
        Files.writeString(work.resolve("job.sh"), "#!/bin/sh\n");
        ChainLauncher.Request request = new ChainLauncher.Request(Path.of("job.sh"), List.of("a b", "$(x)"),
                arraySpec, throttle, ConfigLoader.parse(EngineHarness.LADDER + extraYaml, "test.yaml"),
                OptionalInt.empty(), Optional.empty(), List.of(), Optional.empty(), Optional.empty(), Optional.empty(), work,
                tmp.resolve("tracker"), Path.of("/usr/bin/java"), Path.of("/opt/mem-escalate.jar"), "login", "alice");
        return new ChainLauncher(new FakeSlurm(), new MutableClock(EngineHarness.T0), new java.util.Random(1))
                .prepare(request);
    }

    /**
     * Regression: when the throttle was smaller than the number of arrays of a split round, the dry run left out
     * the afterany links between the parts that submit then used.
     */
    @Test
    void aThrottledSplitRoundShowsTheAfteranyLinksBetweenItsParts() throws IOException {
        String text = DryRun.render(plan("max_array_tasks: 4\n", "0-11", OptionalInt.of(1)));

        List<String> sbatch = text.lines().filter(l -> l.startsWith("  sbatch")).toList();
        assertThat(sbatch).hasSize(6);
        assertThat(sbatch.get(0)).contains("--array=0-3%1").doesNotContain("--dependency");
        assertThat(sbatch.get(1)).contains("'--dependency=afterany:<job id of part 0>'", "--array=4-7%1");
        assertThat(sbatch.get(2)).contains("'--dependency=afterany:<job id of part 1>'", "--array=8-11%1");
        assertThat(sbatch.get(3)).contains("'--dependency=afterany:<job id of part 0>,afterany:<job id of part 1>,"
                + "afterany:<job id of part 2>'");
        assertThat(sbatch.get(4)).contains("'--dependency=afternotok:<job id of the handler>'", "--guard 1");
        assertThat(sbatch.get(5)).contains("'--dependency=afternotok:<job id of guard 1>'", "--guard 2");
    }

    @Test
    void aRoundOfOneArrayShowsItsHandlerAfteranyAndItsGuardAfternotok() throws IOException {
        String text = DryRun.render(plan("", "0-11", OptionalInt.empty()));

        assertThat(text).contains("Round 1: level 0, 12 task(s) in 1 array job(s)")
                .contains("'--dependency=afterany:<job id of part 0>'")
                .contains("'--dependency=afternotok:<job id of the handler>'")
                .contains("'a b' '$(x)'");
    }
}
