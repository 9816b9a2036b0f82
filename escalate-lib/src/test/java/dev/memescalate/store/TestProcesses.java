package dev.memescalate.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts {@link StoreWriterProcess} in fresh JVMs with this test run's classpath. */
final class TestProcesses {
    private static final long TIMEOUT_MINUTES = 5;

    private TestProcesses() {}

    static Process start(Path logDir, String name, String... args) throws IOException {
        // Surefire puts the real test classpath here; java.class.path may be its one-entry manifest jar.
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, StoreWriterProcess.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(logDir.resolve(name + ".log").toFile())
                .start();
    }

    /** Waits for the process and returns its exit code; a hung process is killed and fails the test. */
    static int await(Process process, Path logDir, String name) throws Exception {
        boolean exited = process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES);
        if (!exited) {
            process.destroyForcibly();
        }
        assertThat(exited).as(name + " did not finish within " + TIMEOUT_MINUTES + " minutes").isTrue();
        return process.exitValue();
    }

    static String log(Path logDir, String name) throws IOException {
        return Files.readString(logDir.resolve(name + ".log"));
    }
}
