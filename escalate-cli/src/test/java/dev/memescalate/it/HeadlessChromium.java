package dev.memescalate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Debian's {@code chromium}, headless, as a person's browser would open a page: each run with a new empty profile, no
 * background requests (the test machine has no network), as root without the sandbox. tests/run installs it when it
 * is missing. Three things are read from a run: the DOM after the page's script ran ({@code --dump-dom}), the console
 * messages (Chromium writes each one to stderr as {@code INFO:CONSOLE...] "text", source: URL} under
 * {@code --enable-logging=stderr --v=0}: an error, a warning, a policy violation, a failed load), and a screenshot.
 */
final class HeadlessChromium {
    /** Screenshots are kept here (escalate-cli/target/browser) as the run's artifacts. */
    static final Path ARTIFACTS = Path.of("target", "browser").toAbsolutePath();
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    /** A console message as Chromium logs it: {@code [pid:tid:time:INFO:CONSOLE:12] "..."} (older: CONSOLE(12)). */
    private static final Pattern CONSOLE = Pattern.compile(":CONSOLE[:(]");

    private final String executable;

    private HeadlessChromium(String executable) {
        this.executable = executable;
    }

    /** The chromium on PATH; fails the test when there is none (tests/run installs Debian's package). */
    static HeadlessChromium find() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            for (String name : List.of("chromium", "chromium-browser")) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return new HeadlessChromium(candidate.toString());
                }
            }
        }
        return fail("no chromium on PATH: tests/run installs Debian's package (apt-get install chromium)");
    }

    /** What one page load gave. */
    record Load(String url, String dom, List<String> console, String stderr) {
        /** Fails the test when the page said anything on its console. */
        Load assertNoConsoleMessages() {
            assertThat(console).as("console messages of %s (Chromium's stderr:%n%s)", url, stderr).isEmpty();
            return this;
        }
    }

    /** Opens {@code url} and returns its DOM once loaded (scripts run) and its console messages. */
    Load dumpDom(String url) {
        Run run = run(List.of("--enable-logging=stderr", "--v=0", "--dump-dom", url));
        assertThat(run.stdout()).as("the DOM of %s; stderr:%n%s", url, run.stderr()).contains("<html");
        return new Load(url, run.stdout(), consoleMessages(run.stderr()), run.stderr());
    }

    /** A screenshot of {@code url}, {@code width} x {@code height}, kept as {@code target/browser/<name>}. */
    Path screenshot(String url, String name, int width, int height) {
        Path png = ARTIFACTS.resolve(name);
        try {
            Files.createDirectories(ARTIFACTS);
            Files.deleteIfExists(png);
            Run run = run(List.of("--hide-scrollbars", "--window-size=" + width + "," + height,
                    "--screenshot=" + png, url));
            assertThat(png).as("screenshot of %s; stderr:%n%s", url, run.stderr()).exists();
            byte[] head = new byte[8];
            try (var in = Files.newInputStream(png)) {
                assertThat(in.read(head)).isEqualTo(8);
            }
            assertThat(head).as("a PNG").startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
            assertThat(Files.size(png)).as("a screenshot with something on it").isGreaterThan(10_000);
            return png;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code url} printed to PDF (print media: the report's print style sheet), kept as {@code target/browser/<name>}. */
    Path printToPdf(String url, String name) {
        Path pdf = ARTIFACTS.resolve(name);
        try {
            Files.createDirectories(ARTIFACTS);
            Files.deleteIfExists(pdf);
            Run run = run(List.of("--no-pdf-header-footer", "--print-to-pdf=" + pdf, url));
            assertThat(pdf).as("PDF of %s; stderr:%n%s", url, run.stderr()).exists();
            assertThat(new String(Files.readAllBytes(pdf), 0, 5, StandardCharsets.ISO_8859_1)).isEqualTo("%PDF-");
            return pdf;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> consoleMessages(String stderr) {
        List<String> messages = new ArrayList<>();
        stderr.lines().filter(l -> CONSOLE.matcher(l).find()).forEach(messages::add);
        return messages;
    }

    private record Run(String stdout, String stderr) {
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private Run run(List<String> pageArgs) {
        try {
            Path profile = Files.createTempDirectory("mem-escalate-chromium-");
            List<String> argv = new ArrayList<>(List.of(executable, "--headless", "--no-sandbox", "--disable-gpu",
                    "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--user-data-dir=" + profile));
            argv.addAll(pageArgs);
            Path out = Files.createTempFile("chromium-out", ".txt");
            Path err = Files.createTempFile("chromium-err", ".txt");
            Process p = new ProcessBuilder(argv).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                fail("chromium did not finish within " + TIMEOUT + ": " + argv);
            }
            Run run = new Run(Files.readString(out, StandardCharsets.UTF_8), Files.readString(err,
                    StandardCharsets.UTF_8));
            deleteTree(profile);
            Files.delete(out);
            Files.delete(err);
            assertThat(p.exitValue()).as("chromium's exit code; stderr:%n%s", run.stderr()).isZero();
            return run;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
