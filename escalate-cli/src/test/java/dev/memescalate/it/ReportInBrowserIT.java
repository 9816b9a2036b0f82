package dev.memescalate.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memescalate.cli.ExitCodes;
import dev.memescalate.store.ChainStatus;
import dev.memescalate.store.FinalOutcome;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The HTML report of a real chain of the local cluster, and the pages of {@code serve}, opened in a real browser
 * (headless Chromium): the DOM after the page's script ran holds the chain's numbers, the page writes nothing on its
 * console (no error, no blocked request, no policy violation), and screenshots are kept in
 * {@code escalate-cli/target/browser}. One chain ends with an escalation and a failure, its argument
 * {@code <script>alert(1)</script>}; another still runs while serve shows it live.
 */
class ReportInBrowserIT {
    private static final Duration CHAIN_TIMEOUT = Duration.ofMinutes(5);
    private static final String EVIL = "<script>alert(1)</script>";
    /** Level 0 may run on three partitions, so the chains do not queue behind others' jobs on day. */
    private static final String LADDER = """
            levels:
              - partition: devel,day,week
                mem: 200M
                time: 1
              - partition: day,week
                mem: 1G
                time: 1
            handler:
              partition: pi_jetz
              mem: 512M
              time: 5
            sacct_timeout: 2m
            """;

    private static SlurmTestCluster cluster;
    private static HeadlessChromium chromium;
    private static ChainHarness harness;
    private static String endedChain;
    private static String runningChain;
    private static Process serve;
    private static String base;
    /** The running chain's page while its round 1 runs, and its screenshot. */
    private static HeadlessChromium.Load livePage;
    private static Path liveScreenshot;

    @BeforeAll
    static void submitAndServe() throws Exception {
        cluster = SlurmTestCluster.connect();
        chromium = HeadlessChromium.find();
        harness = new ChainHarness(cluster, "browser");
        Path config = harness.write("ladder.yaml", LADDER);
        // 30 tasks touch 40 MB for a second; 5 and 17 touch 300 MB (out of memory at 200M: level 1); 23 exits 3.
        Path table = harness.write("table.txt", """
                # index mem_mb sleep_s exit_code ok_from_level
                5 300 0 0 1
                17 300 0 0 1
                23 20 0 3 never
                * 40 0 0 0
                """);
        endedChain = harness.submit(List.of("--array=0-29", "--config=" + config,
                ChainHarness.SCENARIO.toString(), table.toString(), EVIL, "two words"), Map.of());
        // Two tasks of 50 s: serve shows this chain while it runs.
        Path slow = harness.write("slow.txt", "* 10 50 0 never\n");
        runningChain = harness.submit(List.of("--array=0-1", "--config=" + config, ChainHarness.SCENARIO.toString(),
                slow.toString()), Map.of());
        startServe();
        awaitRunning(ChainHarness.arrayJobId(harness.snapshot(runningChain), 1));
        String url = base + "chains/" + runningChain;
        livePage = chromium.dumpDom(url);
        liveScreenshot = chromium.screenshot(url, "serve-running-chain.png", 1280, 1400);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (serve != null) {
            serve.destroy();
            if (!serve.waitFor(20, TimeUnit.SECONDS)) {
                serve.destroyForcibly();
            }
        }
        if (harness != null && runningChain != null
                && !harness.snapshot(runningChain).chain().status().isTerminal()) {
            harness.run(List.of("cancel", runningChain), Map.of());
        }
    }

    /** serve --port=0 on this tracker directory; the URL it prints is where it listens. */
    private static void startServe() throws IOException {
        ProcessBuilder pb = new ProcessBuilder(ChainHarness.LAUNCHER.toString(), "serve", "--port=0", "--refresh=5")
                .directory(harness.work.toFile());
        pb.environment().put("MEM_ESCALATE_HOME", harness.home.toString());
        pb.environment().put("SLURM_CONF", cluster.slurmConf());
        Path log = harness.work.resolve("serve.err");
        serve = pb.redirectError(log.toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
        String first = out.readLine();
        assertThat(first).as("serve's first line; stderr:%n%s", ChainHarness.read(log).orElse("")).isNotNull();
        Matcher url = Pattern.compile("at (http://127\\.0\\.0\\.1:\\d+/) ").matcher(first);
        assertThat(url.find()).as(first).isTrue();
        base = url.group(1);
        Thread drain = new Thread(() -> out.lines().forEach(line -> { }), "serve-stdout");
        drain.setDaemon(true);
        drain.start();
    }

    @Test
    void theHtmlReportOfARealChainOpensInABrowserWithItsNumbersAndNoConsoleMessage() throws Exception {
        ChainHarness.Snapshot s = harness.awaitEnd(endedChain, CHAIN_TIMEOUT);
        assertThat(s.chain().status()).as(ChainHarness.handlerLogs(s.chain()))
                .isEqualTo(ChainStatus.COMPLETED_WITH_FAILURES);
        long completed = s.outcomes().stream().filter(o -> o.outcome() == FinalOutcome.COMPLETED).count();
        assertThat(completed).isEqualTo(29);
        Path file = harness.work.resolve("chain report.html");

        harness.runExpecting(ExitCodes.OK, "generate-report", endedChain, "--format=html", "-o", file.toString());

        String html = Files.readString(file);
        assertThat(Files.size(file)).as("one file, a few tens of KB").isBetween(10_000L, 2_000_000L);
        assertThat(html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "")).doesNotContain("http://", "https://");
        String url = file.toUri().toString();
        HeadlessChromium.Load page = chromium.dumpDom(url).assertNoConsoleMessages();
        String dom = page.dom();
        assertThat(dom).contains("data-chain=\"" + endedChain + "\"")
                .contains("data-metric=\"state\">COMPLETED_WITH_FAILURES<")
                .contains("data-metric=\"total\"><div class=\"v\">30</div>")
                .contains("data-metric=\"completed\"><div class=\"v\">29</div>")
                .contains("data-metric=\"failed\"><div class=\"v\">1</div>")
                // The funnel: 30 entered level 0, 27 succeeded there, 2 escalated, 1 ended there; level 1: 2 of 2.
                .containsPattern("<tr data-level=\"0\">.*?<td class=\"n\">30</td><td class=\"n\">27</td>"
                        + "<td class=\"n\">2</td><td class=\"n\">1</td>")
                .containsPattern("<tr data-level=\"1\">.*?<td class=\"n\">2</td><td class=\"n\">2</td>"
                        + "<td class=\"n\">0</td><td class=\"n\">0</td>")
                .contains("<tr data-task=\"23\"><td class=\"n\">23</td><td>FAILED</td><td>FAILED</td>")
                .contains("<tr data-round=\"2\">")
                // The argument is text, never an element; the only script is the report's own.
                .contains("'&lt;script&gt;alert(1)&lt;/script&gt;' 'two words'")
                .doesNotContain("<script>alert");
        assertThat(Pattern.compile("<script").matcher(dom).results().count()).isEqualTo(1);
        assertThat(dom).as("the filter appears once the script ran").contains("<p class=\"filter\">");

        // The script filters the failed tasks: a filter that matches nothing hides task 23's row.
        assertThat(chromium.dumpDom(url + "#filter=no-such-task").assertNoConsoleMessages().dom())
                .contains("<tr data-task=\"23\" hidden=\"\">").contains("0 of 1 rows match");
        assertThat(chromium.dumpDom(url + "#filter=failed").assertNoConsoleMessages().dom())
                .contains("<tr data-task=\"23\"><td");

        Path png = chromium.screenshot(url, "report.png", 1280, 2400);
        System.out.println("Screenshot of the report: " + png);
        assertThat(chromium.printToPdf(url, "report.pdf")).as("printed with the print style sheet").isNotEmptyFile();
        // The same chain through serve: the same page, with a link back to the list.
        assertThat(chromium.dumpDom(base + "chains/" + endedChain).assertNoConsoleMessages().dom())
                .contains("data-metric=\"completed\"><div class=\"v\">29</div>").contains("<a href=\"../\">")
                .doesNotContain("http-equiv=\"refresh\"");
    }

    @Test
    void serveShowsEveryChainAndARunningChainLive() throws Exception {
        livePage.assertNoConsoleMessages();
        assertThat(livePage.dom()).contains("data-chain=\"" + runningChain + "\"")
                .contains("data-live=\"true\"")
                .contains("<meta http-equiv=\"refresh\" content=\"5\">")
                .containsPattern("data-metric=\"live-counts\">0 completed, 0 failed, 0 exhausted, [12] running,"
                        + " [01] pending")
                .contains("handler");
        assertThat(liveScreenshot).exists();

        HeadlessChromium.Load list = chromium.dumpDom(base).assertNoConsoleMessages();
        assertThat(list.dom()).contains("<a href=\"chains/" + endedChain + "\">")
                .contains("<a href=\"chains/" + runningChain + "\">");
        chromium.screenshot(base, "serve-list.png", 1280, 600);
    }

    @Test
    void serveAnswers404ToAnythingElseAnd405ToWritesWithoutAStackTrace() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        for (String path : List.of("chains/00000000", "chains/NOTHEX00", "chains/" + endedChain + "/x",
                "chains.db", "etc/passwd", "chains/..%2fchains.db", "favicon.ico")) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(r.body()).as(path).doesNotContain("Exception", "at dev.", "at java.");
        }
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(base + "chains/" + runningChain))
                .POST(HttpRequest.BodyPublishers.ofString("cancel")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(harness.snapshot(runningChain).chain().status()).isNotEqualTo(ChainStatus.CANCELLED);
    }

    /** The console check itself: a page that logs an error and whose inline script the policy blocks is caught. */
    @Test
    void theConsoleCheckCatchesAPageThatComplains() throws IOException {
        Path page = harness.work.resolve("complains.html");
        Files.writeString(page, "<!DOCTYPE html><html><head><meta http-equiv=\"Content-Security-Policy\""
                + " content=\"default-src 'none'; script-src 'sha256-AAAA'\"><title>x</title></head><body>"
                + "<script>console.error('boom')</script></body></html>");
        Files.writeString(harness.work.resolve("logs.html"), "<!DOCTYPE html><html><head><title>x</title></head>"
                + "<body><script>console.error('boom'); undefinedFunction();</script></body></html>");

        List<String> blocked = chromium.dumpDom(page.toUri().toString()).console();
        List<String> logged = chromium.dumpDom(harness.work.resolve("logs.html").toUri().toString()).console();

        assertThat(blocked).anySatisfy(m -> assertThat(m).contains("Content Security Policy"));
        assertThat(logged).anySatisfy(m -> assertThat(m).contains("boom"))
                .anySatisfy(m -> assertThat(m).contains("undefinedFunction"));
    }

    private static void awaitRunning(String arrayJobId) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        List<String> seen = new ArrayList<>();
        while (Instant.now().isBefore(deadline)) {
            String states = cluster.run(List.of("squeue", "-h", "-r", "-j", arrayJobId, "-o", "%T")).stdout();
            seen.add(states.strip());
            if (states.contains("RUNNING")) {
                return;
            }
            ChainHarness.sleep(Duration.ofMillis(500));
        }
        throw new AssertionError("no task of job " + arrayJobId + " started within 120 s: " + seen);
    }
}
