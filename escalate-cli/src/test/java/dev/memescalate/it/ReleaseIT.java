package dev.memescalate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.memescalate.cli.Main;
import dev.memescalate.engine.RoundPlanner;
import dev.memescalate.store.ChainStatus;
import dev.memescalate.store.FinalOutcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The release tarball as a user installs it: unpacked into a prefix whose path has a space, its launcher runs a
 * real chain on the local cluster (the handler jobs then run the unpacked jar), its man pages render and load, its
 * completion scripts load in bash and zsh and complete, and its Lmod module file puts it on PATH and MANPATH.
 * Needs bash, zsh, groff, man-db and Lmod, which tests/run installs.
 */
class ReleaseIT {
    private static final Path TARGET = Path.of("target").toAbsolutePath();
    /** A chain of two rounds: task 2 runs out of memory at level 0 and completes at level 1. */
    private static final Duration CHAIN_TIMEOUT = Duration.ofMinutes(8);
    private static final String LADDER = """
            levels:
              - partition: day
                mem: 200M
                time: 1
              - partition: day
                mem: 1G
                time: 1
            handler:
              partition: pi_jetz
              mem: 512M
              time: 5
            sacct_timeout: 2m
            """;

    private static Path prefix;
    private static String version;
    private static SlurmTestCluster cluster;

    @BeforeAll
    static void unpackTheTarball() throws Exception {
        List<Path> tarballs;
        try (Stream<Path> files = Files.list(TARGET)) {
            tarballs = files.filter(f -> f.getFileName().toString().matches("mem-escalate-.+\\.tar\\.gz")).toList();
        }
        assertThat(tarballs).as("the release tarball in %s (mvn package builds it)", TARGET).hasSize(1);
        Path tarball = tarballs.get(0);
        String name = tarball.getFileName().toString();
        version = name.substring("mem-escalate-".length(), name.length() - ".tar.gz".length());
        Path root = Files.createDirectories(Files.createTempDirectory("mem-escalate-release-").resolve("sw dir"));
        Result untar = exec(List.of("tar", "-xzf", tarball.toString(), "-C", root.toString()), Map.of());
        assertThat(untar.exitCode()).as(untar.err()).isZero();
        prefix = root.resolve("mem-escalate-" + version);
        assertThat(prefix).as("the tarball's one top directory").isDirectory();
    }

    @AfterAll
    static void cancelLeftovers() {
        if (cluster != null) {
            cluster.cancelSubmittedJobs();
        }
    }

    @Test
    void theTarballHoldsLauncherJarManPagesCompletionExamplesAndInstallNotes() throws IOException {
        assertThat(prefix.resolve("bin/mem-escalate")).isExecutable();
        assertThat(prefix.resolve("lib/mem-escalate.jar")).isRegularFile();
        assertThat(prefix.resolve("completion/mem-escalate.bash")).isRegularFile();
        assertThat(prefix.resolve("completion/mem-escalate.zsh")).isRegularFile();
        for (String example : List.of("default.yaml", "local-cluster.yaml", "legacy-original.yaml")) {
            assertThat(prefix.resolve("config").resolve(example)).isRegularFile();
        }
        assertThat(Files.readString(prefix.resolve("INSTALL"))).contains("mem-escalate " + version)
                .contains("~/.local").contains("module load mem-escalate").doesNotContain("${");
        assertThat(Files.readString(prefix.resolve("modulefiles/mem-escalate/" + version + ".lua")))
                .doesNotContain("${");
        for (String page : manPages()) {
            assertThat(prefix.resolve("man/man1").resolve(page + ".1")).isRegularFile();
        }
    }

    @Test
    void theUnpackedLauncherPrintsVersionCommitAndJava() {
        Result r = exec(List.of(launcher(), "--version"), Map.of());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out().lines().toList()).hasSize(3)
                .satisfies(lines -> {
                    assertThat(lines.get(0)).isEqualTo("mem-escalate " + version);
                    assertThat(lines.get(1)).matches("commit ([0-9a-f]{10}( \\(built with uncommitted changes\\))?"
                            + "|unknown)");
                    assertThat(lines.get(2)).startsWith("Java 17").contains(" at /");
                });
    }

    /** One page per command; groff renders each without a warning, and the options are in it. */
    @Test
    void everyManPageRendersWithoutWarningsAndManLoadsIt() {
        for (String page : manPages()) {
            Path file = prefix.resolve("man/man1").resolve(page + ".1");
            // -P-c -P-b -P-o -P-u: plain text, without overstrike or escape sequences for bold and underline.
            Result groff = exec(List.of("groff", "-man", "-Tutf8", "-ww", "-P-c", "-P-b", "-P-o", "-P-u",
                    file.toString()), Map.of());
            assertThat(groff.exitCode()).as(page + ": " + groff.err()).isZero();
            assertThat(groff.err()).as("groff warnings for " + page).isEmpty();
            assertThat(groff.out()).as(page).contains("NAME").contains("SYNOPSIS");

            Result man = exec(List.of("man", "-l", "-P", "cat", file.toString()), Map.of("MANWIDTH", "100"));
            assertThat(man.exitCode()).as(page + ": " + man.err()).isZero();
            assertThat(man.out()).contains(page.toUpperCase(java.util.Locale.ROOT) + "(1)");
        }
        Result submit = exec(List.of("man", "-l", "-P", "cat", prefix.resolve("man/man1/mem-escalate-submit.1")
                .toString()), Map.of("MANWIDTH", "100"));
        assertThat(submit.out()).contains("--array=SPEC").contains("--throttle=N").contains("--dry-run")
                .contains("mem-escalate " + version);
    }

    /** The README's one-user install: PREFIX/bin on PATH, no MANPATH; man-db then finds PREFIX/man itself. */
    @Test
    void manFindsThePagesBesideTheBinDirectoryOnPath() {
        Result r = exec(List.of("bash", "-c", "unset MANPATH; PATH=\"$1/bin:$PATH\" man -w mem-escalate-submit", "_",
                prefix.toString()), Map.of());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out().strip()).isEqualTo(prefix.resolve("man/man1/mem-escalate-submit.1").toString());
    }

    @Test
    void bashCompletionLoadsAndCompletesSubcommandsOptionsAndShells() {
        String script = """
                source "$1" || exit 9
                complete -p mem-escalate
                compopt() { :; }   # only valid while bash itself runs a completion; its effect is not tested here
                complete_line() {
                  COMP_LINE=$1; COMP_POINT=${#COMP_LINE}
                  read -r -a COMP_WORDS <<<"$COMP_LINE"
                  [[ $COMP_LINE == *' ' ]] && COMP_WORDS+=("")
                  COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMPREPLY=()
                  _complete_mem-escalate
                  echo "$COMP_LINE => ${COMPREPLY[*]}"
                }
                complete_line 'mem-escalate do'
                complete_line 'mem-escalate co'
                complete_line 'mem-escalate submit --thr'
                complete_line 'mem-escalate completion '
                """;
        Result r = exec(List.of("bash", "--norc", "--noprofile", "-c", script, "_",
                prefix.resolve("completion/mem-escalate.bash").toString()), Map.of());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out().lines().toList()).containsExactly(
                "complete -o default -F _complete_mem-escalate mem-escalate",
                "mem-escalate do => doctor",
                "mem-escalate co => compress-indices completion",
                "mem-escalate submit --thr => --throttle",
                "mem-escalate completion  => bash zsh");
    }

    /** zsh runs the bash script through bashcompinit, which the script loads itself. */
    @Test
    void zshCompletionRegistersThroughBashcompinitAndOffersTheSubcommands() throws IOException {
        String script = """
                source "$1" </dev/null || exit 9
                print -r -- "registered: ${_comps[mem-escalate]}"
                setopt ksharrays
                COMP_WORDS=(mem-escalate do); COMP_CWORD=1; COMP_LINE="mem-escalate do"; COMP_POINT=${#COMP_LINE}
                _complete_mem-escalate
                print -r -- "offered: ${COMPREPLY[*]}"
                """;
        Path home = Files.createTempDirectory("mem-escalate-zsh-home");
        Result r = exec(List.of("zsh", "-f", "-c", script, "_",
                prefix.resolve("completion/mem-escalate.zsh").toString()), Map.of("HOME", home.toString()));

        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("registered: _bash_complete -F _complete_mem-escalate")
                .containsPattern("offered: .*\\bdoctor\\b");
    }

    /** The site install: module use PREFIX/modulefiles, module load; the system's man pages stay reachable. */
    @Test
    void theLmodModuleFilePutsTheReleaseOnPathAndManpath() {
        String script = """
                unset MANPATH
                source /usr/share/lmod/lmod/init/bash || exit 9
                module use "$1/modulefiles"
                module load mem-escalate || exit 8
                command -v mem-escalate
                man -w mem-escalate-doctor
                # The module's empty MANPATH entry: man's own default directories are still searched.
                manpath 2>/dev/null | grep -q ':/usr/share/man' && echo "system pages reachable"
                module unload mem-escalate
                command -v mem-escalate || echo "unloaded"
                """;
        Result r = exec(List.of("bash", "--norc", "--noprofile", "-c", script, "_", prefix.toString()), Map.of());

        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out().lines().toList()).containsExactly(prefix.resolve("bin/mem-escalate").toString(),
                prefix.resolve("man/man1/mem-escalate-doctor.1").toString(), "system pages reachable", "unloaded");
    }

    /** submit from the unpacked prefix; the handler jobs run the unpacked jar, and the chain completes. */
    @Test
    void aChainSubmittedFromTheUnpackedReleaseCompletes() throws IOException {
        cluster = SlurmTestCluster.connect();
        ChainHarness harness = new ChainHarness(cluster, "release", prefix.resolve("bin/mem-escalate"));
        Path config = harness.write("ladder.yaml", LADDER);
        Path table = harness.write("table.txt", "2 300 0 0 0\n* 0 0 0 0\n");

        String chain = harness.submit(List.of("--array=0-3", "--config=" + config, ChainHarness.SCENARIO.toString(),
                table.toString()), Map.of());
        ChainHarness.Snapshot s = harness.awaitEnd(chain, CHAIN_TIMEOUT);

        assertThat(s.chain().status()).as(ChainHarness.handlerLogs(s.chain())).isEqualTo(ChainStatus.COMPLETED);
        assertThat(s.rounds()).hasSize(2);
        assertThat(s.outcomeByIndex().get(2).outcome()).isEqualTo(FinalOutcome.COMPLETED);
        assertThat(s.outcomeByIndex().get(2).level()).isEqualTo(1);
        String handlerScript = Files.readString(s.chain().chainDir().resolve(RoundPlanner.HANDLER_SCRIPT));
        // The release's own jar, run in its directory so that the class data sharing archive beside it applies.
        assertThat(handlerScript).contains("cd '" + prefix.resolve("lib") + "'").contains("-cp 'mem-escalate.jar'")
                .contains("-XX:SharedArchiveFile='mem-escalate.jsa'");
        assertThat(prefix.resolve("lib/mem-escalate.jsa")).isNotEmptyFile();
        assertThat(prefix.resolve("lib/sqlite-native")).isDirectory();
        harness.assertNothingLeftInQueue(s);
    }

    private static String launcher() {
        return prefix.resolve("bin/mem-escalate").toString();
    }

    /** mem-escalate and mem-escalate-COMMAND for every subcommand the CLI has. */
    private static List<String> manPages() {
        List<String> pages = new ArrayList<>(List.of("mem-escalate"));
        Main.commandLine().getSubcommands().keySet().forEach(command -> pages.add("mem-escalate-" + command));
        return pages;
    }

    private record Result(int exitCode, String out, String err) {}

    private static Result exec(List<String> argv, Map<String, String> env) {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new java.io.File(
                "/dev/null")));
        pb.environment().putAll(env);
        pb.environment().remove("MEM_ESCALATE_JAR");
        try {
            Path out = Files.createTempFile("release-it-out", ".txt");
            Path err = Files.createTempFile("release-it-err", ".txt");
            Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(argv + " did not finish within 120 s");
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
