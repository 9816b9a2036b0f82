package dev.memescalate.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memescalate.ladder.MemorySize;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HandlerScriptTest {
    /** Golden file: regenerate by writing HandlerScript.render with the arguments below to it. */
    @Test
    void rendersTheGoldenScript() throws IOException {
        String script = HandlerScript.render(
                Path.of("/usr/lib/jvm/java-17/bin/java"),
                Path.of("/opt/mem escalate/mem-escalate.jar"),
                Path.of("/home/o'brien/.mem-escalate/chains.db"),
                "3fa9c2d1",
                MemorySize.ofMegabytes(512));

        assertThat(script).isEqualTo(golden("engine/handler-script.golden"));
    }

    @Test
    void quotesForPosixShell() {
        assertThat(HandlerScript.quote("it's")).isEqualTo("'it'\\''s'");
        assertThat(HandlerScript.quote("$(x) ;")).isEqualTo("'$(x) ;'");
    }

    /**
     * The script run by sh with a stand-in for java that prints its arguments: the heap is 60% of the job's memory
     * (SLURM_MEM_PER_NODE, which a guard has more of), 64 MB at least, and a guard's arguments are passed on.
     */
    @Test
    void theHeapFollowsTheJobsMemoryAndAGuardsArgumentsArePassedOn(@TempDir Path dir) throws Exception {
        Path java = dir.resolve("java");
        Files.writeString(java, "#!/bin/sh\nprintf '%s\\n' \"$@\"\n");
        java.toFile().setExecutable(true);
        Path script = Files.writeString(dir.resolve("handler.sh"), HandlerScript.render(java, dir.resolve("x.jar"),
                dir.resolve("chains.db"), "3fa9c2d1", MemorySize.ofMegabytes(512)));

        assertThat(run(script, Map.of("SLURM_MEM_PER_NODE", "1024"), "3", "--guard", "1"))
                .startsWith("-Xmx614m\n").endsWith("--round\n3\n--guard\n1\n");
        assertThat(run(script, Map.of(), "2")).startsWith("-Xmx307m\n").endsWith("--round\n2\n");
        assertThat(run(script, Map.of("SLURM_MEM_PER_NODE", "50"), "2")).startsWith("-Xmx64m\n");
    }

    private static String run(Path script, Map<String, String> env, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("sh", script.toString()));
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        pb.environment().remove("SLURM_MEM_PER_NODE");
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }

    private static String golden(String name) throws IOException {
        try (InputStream in = HandlerScriptTest.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
