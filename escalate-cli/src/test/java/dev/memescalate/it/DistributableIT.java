package dev.memescalate.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/** The shaded jar and its launcher, as users run them (failsafe runs after the jar is packaged). No Slurm needed. */
class DistributableIT {
    private static final Path JAR = Path.of("target", "mem-escalate.jar").toAbsolutePath();

    @Test
    void sqliteDriverRegistrationSurvivesShading() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            ZipEntry services = jar.getEntry("META-INF/services/java.sql.Driver");
            assertThat(services).as("META-INF/services/java.sql.Driver in " + JAR).isNotNull();
            String drivers = new String(jar.getInputStream(services).readAllBytes(), StandardCharsets.UTF_8);
            assertThat(drivers.lines().map(String::strip)).contains("org.sqlite.JDBC");
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo("dev.memescalate.cli.Main");
        }
    }

    @Test
    void launcherPrintsTheVersionAndEverySubcommandWithOneLineEach() throws Exception {
        Result version = launch(Map.of(), "--version");
        Result help = launch(Map.of(), "--help");

        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).startsWith("mem-escalate 0.").contains("Java 17");
        assertThat(help.exitCode()).isZero();
        for (String command : List.of("submit", "status", "check-config", "compress-indices")) {
            assertThat(help.out()).containsPattern("(?m)^  " + command + " +\\S");
        }
    }

    @Test
    void launcherPassesArgumentsUnchangedAndUsesJavaHome() throws Exception {
        Result r = launch(Map.of("JAVA_HOME", System.getProperty("java.home")), "compress-indices", "3 1,2  $(x)");

        assertThat(r.exitCode()).as("a bad index list is a user error").isEqualTo(2);
        assertThat(r.err()).contains("$(x)").doesNotContain("Exception");
    }

    @Test
    void launcherWithoutAJarSaysHowToBuildIt() throws Exception {
        Result r = launch(Map.of("MEM_ESCALATE_JAR", "/nonexistent/mem-escalate.jar"), "--version");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("cannot find mem-escalate.jar").contains("mvn");
    }

    private record Result(int exitCode, String out, String err) {
    }

    private static Result launch(Map<String, String> env, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of(ChainHarness.LAUNCHER.toString()));
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out, err);
    }
}
