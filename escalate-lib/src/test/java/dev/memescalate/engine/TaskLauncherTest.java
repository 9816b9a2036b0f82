package dev.memescalate.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memescalate.indexset.IndexSet;
import dev.memescalate.report.Golden;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.PrimitiveIterator;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskLauncherTest {
    private static final String USER_SCRIPT = """
            #!/usr/bin/env bash
            #SBATCH --cpus-per-task=2
              # an indented comment
            #SBATCH   --comment="x y"   # trailing
            
            #SLURM --nice=5
            echo first command
            #SBATCH --not-read=after-a-command
            """;

    @Test
    void copiesTheDirectiveLinesSbatchWouldReadAndNothingElse() {
        List<String> lines = TaskLauncher.directiveLines(USER_SCRIPT.getBytes(StandardCharsets.UTF_8)).stream()
                .map(b -> new String(b, StandardCharsets.UTF_8)).toList();
        assertThat(lines).containsExactly("#SBATCH --cpus-per-task=2", "#SBATCH   --comment=\"x y\"   # trailing",
                "#SLURM --nice=5");
    }

    /** Golden: escalate-lib/src/test/resources/golden/task-launcher.sh (regenerate with -Dgolden.update=true). */
    @Test
    void theLauncherIsBashWithTheUsersDirectivesThenTheFixedBody() {
        Golden.assertMatches("task-launcher.sh", new String(TaskLauncher.render(
                USER_SCRIPT.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8));
    }

    @Test
    void outputPatternsKeepOnlyWhatTheLauncherKnows() {
        assertThat(TaskLauncher.outputTemplate("/logs/%x-%A_%a.out", "job.sh-1-r2-p0", "ana"))
                .isEqualTo("/logs/job.sh-1-r2-p0-%A_%a.out");
        assertThat(TaskLauncher.outputTemplate("o/%u/%5a_%j_%J.%N.%n.%t.%s.%%.%q", "j", "ana"))
                .isEqualTo("o/ana/%5a_%j_%j.%N.0.0.batch.%%.%%q");
        assertThat(TaskLauncher.outputTemplate("o/%x%%", "50%", "ana")).isEqualTo("o/50%%%%");
        assertThat(TaskLauncher.outputTemplate("o/%12a-%3", "j", "u")).isEqualTo("o/%10a-%%3");
        // A backslash switches every replacement off, as in Slurm; the escaping backslashes go.
        assertThat(TaskLauncher.outputTemplate("o/\\%a-%x\\\\z", "j", "u")).isEqualTo("o/%%a-%%x\\z");
    }

    @Test
    void aTaskRunsTheScriptAsItsRealIndexWithItsArgumentsUnchanged(@TempDir Path dir) throws Exception {
        IndexSet round = IndexSet.of(7, 20000, 20002, 1_234_567);
        int width = TaskLauncher.mapWidth(round);
        Path map = dir.resolve("index-map-r3.txt");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (PrimitiveIterator.OfInt it = round.iterator(); it.hasNext(); ) {
            bytes.writeBytes(TaskLauncher.mapLine(it.nextInt(), width));
        }
        Files.write(map, bytes.toByteArray());
        assertThat(Files.size(map)).isEqualTo(4L * 8);
        Path launcher = Files.write(dir.resolve(TaskLauncher.FILE), TaskLauncher.render(
                USER_SCRIPT.getBytes(StandardCharsets.UTF_8)));
        Path script = Files.writeString(dir.resolve("user script.sh"), """
                #!/bin/bash
                printf '%s\\0' "$@" > "$RECORD/args.$SLURM_ARRAY_TASK_ID"
                echo "index $SLURM_ARRAY_TASK_ID $MEM_ESCALATE_TASK_ID map=${map-unset} output=${output-unset}"
                echo "to stderr" >&2
                """);
        script.toFile().setExecutable(true);
        Files.createDirectories(dir.resolve("out"));
        List<String> args = List.of("two words", "it's \"quoted\"", "$(touch " + dir.resolve("pwned") + ")",
                "a;b", "", "naïve ✓");

        // Part 1 of the round starts at map line 1: its array task 1 is the round's third task, 20002.
        List<String> argv = new ArrayList<>(List.of("bash", launcher.toString()));
        argv.addAll(TaskLauncher.arguments(map, width, 1, 3, "out/%A_%a.log", "out/%A_%a.log", script, args));
        ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(Map.of("SLURM_ARRAY_TASK_ID", "1", "SLURM_ARRAY_JOB_ID", "77", "SLURM_JOB_ID", "80",
                "RECORD", dir.toString(), "output", "the user's own"));
        Process run = pb.start();
        assertThat(run.waitFor(20, TimeUnit.SECONDS)).isTrue();
        String said = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(run.exitValue()).as(said).isZero();

        assertThat(Files.readString(dir.resolve("out/77_20002.log")))
                .isEqualTo("index 20002 20002 map=unset output=the user's own\nto stderr\n");
        byte[] recorded = Files.readAllBytes(dir.resolve("args.20002"));
        assertThat(new String(recorded, StandardCharsets.UTF_8).split("\0", -1))
                .containsExactlyElementsOf(withEmptyLast(args));
        assertThat(dir.resolve("pwned")).doesNotExist();
    }

    @Test
    void aTaskBeyondItsArrayFailsWithAMessage(@TempDir Path dir) throws IOException, InterruptedException {
        Path map = Files.write(dir.resolve("map"), TaskLauncher.mapLine(5, 2));
        Path launcher = Files.write(dir.resolve(TaskLauncher.FILE), TaskLauncher.render(new byte[0]));
        List<String> argv = new ArrayList<>(List.of("bash", launcher.toString()));
        argv.addAll(TaskLauncher.arguments(map, 2, 0, 1, "o", "o", dir.resolve("none"), List.of()));
        ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("SLURM_ARRAY_TASK_ID", "1");
        Process run = pb.start();
        assertThat(run.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .contains("array task '1' is not one of 0-0");
        assertThat(run.exitValue()).isEqualTo(1);
    }

    /** printf '%s\0' ends every argument with a NUL, so the split has one empty string more. */
    private static List<String> withEmptyLast(List<String> args) {
        List<String> all = new ArrayList<>(args);
        all.add("");
        return all;
    }

    @Test
    void mapLinesAreFixedWidth() {
        assertThat(new String(TaskLauncher.mapLine(42, 6), StandardCharsets.US_ASCII)).isEqualTo("   42\n");
        assertThat(TaskLauncher.mapWidth(IndexSet.of(3, 20999))).isEqualTo(6);
    }
}
