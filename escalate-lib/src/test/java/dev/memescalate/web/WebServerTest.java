package dev.memescalate.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memescalate.report.ViewFixtures;
import dev.memescalate.slurm.ClusterInfo;
import dev.memescalate.slurm.Fixtures;
import dev.memescalate.slurm.QueueQuery;
import dev.memescalate.slurm.QueuedJob;
import dev.memescalate.slurm.Slurm;
import dev.memescalate.slurm.SqueueParser;
import dev.memescalate.store.ChainStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * serve on a real socket of this machine (port 0, loopback) over the fixed store of {@link ViewFixtures}, with a Slurm
 * that answers squeue from real output of the local cluster and counts the calls.
 */
class WebServerTest {
    @TempDir
    Path dir;
    ChainStore store;
    CountingSlurm slurm;
    StepClock clock;
    StringWriter log;
    WebServer server;

    @BeforeEach
    void start() throws IOException {
        store = ChainStore.open(dir.resolve("chains.db"));
        ViewFixtures.seed(store);
        slurm = new CountingSlurm();
        clock = new StepClock(ViewFixtures.T0.plusSeconds(1300));
        log = new StringWriter();
        ChainSite site = new ChainSite(store, slurm, clock, ViewFixtures.ZONE, ViewFixtures.ZONE, 10);
        server = WebServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), site, clock,
                ViewFixtures.ZONE, new PrintWriter(log, true));
    }

    @AfterEach
    void stop() {
        server.close();
        store.close();
    }

    /** One request as a browser sends it, over a plain socket: the path goes out exactly as written. */
    private Reply request(String method, String path, String host) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write((method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(text.substring(9, 12));
            int split = text.indexOf("\r\n\r\n");
            return new Reply(status, text.substring(0, split), text.substring(split + 4));
        }
    }

    private Reply get(String path) throws IOException {
        return request("GET", path, "127.0.0.1:" + server.port());
    }

    record Reply(int status, String headers, String body) {
    }

    @Test
    void theListLinksEveryChain() throws IOException {
        Reply r = get("/");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers()).containsIgnoringCase("Content-Type: text/html; charset=utf-8")
                .containsIgnoringCase("Content-Security-Policy: default-src 'none'")
                .containsIgnoringCase("X-Content-Type-Options: nosniff");
        assertThat(r.body()).contains("<a href=\"chains/c0ffee01\">", "<a href=\"chains/c0ffee02\">",
                "<a href=\"chains/c0ffee03\">").contains("<meta http-equiv=\"refresh\" content=\"10\">");
        assertThat(slurm.queueCalls.get()).as("one squeue for every running chain").isEqualTo(1);
    }

    @Test
    void anEndedChainsPageIsItsReport() throws IOException {
        Reply r = get("/chains/c0ffee01");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("data-chain=\"c0ffee01\"", "<a href=\"../\">")
                .doesNotContain("http-equiv=\"refresh\"", "data-live");
        assertThat(slurm.queueCalls.get()).as("an ended chain asks Slurm nothing").isZero();
    }

    @Test
    void aRunningChainsPageIsLiveAndViewersShareOneSqueueCallEveryFewSeconds() throws IOException {
        Reply first = get("/chains/c0ffee02");
        Reply second = get("/chains/c0ffee02");

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body()).contains("data-live=\"true\"", "3/10 ended", "3 running, 7 pending")
                .contains("<meta http-equiv=\"refresh\" content=\"10\">");
        assertThat(second.body()).contains("3/10 ended");
        assertThat(slurm.queueCalls.get()).isEqualTo(1);

        clock.advance(ChainSite.LIVE_FOR.plusSeconds(1));
        get("/chains/c0ffee02");
        assertThat(slurm.queueCalls.get()).isEqualTo(2);
    }

    @Test
    void unknownPathsAndBadChainIdsAre404WithoutAStackTrace() throws IOException {
        for (String path : List.of("/chains/deadbeef", "/chains/C0FFEE01", "/chains/c0ffee0", "/chains/c0ffee011",
                "/chains/c0ffee01/", "/chains/", "/chains", "/../../etc/passwd", "/chains/%2e%2e%2fchains.db",
                "/chains.db", "/favicon.ico", "/report.css", "/chains/c0ffee01%00")) {
            Reply r = get(path);
            assertThat(r.status()).as(path).isEqualTo(404);
            assertThat(r.body()).as(path).contains("<h1>404</h1>").doesNotContain("Exception", "at dev.", "at java.");
        }
        // A request-target that is no URI ("//", an authority) never reaches our handler: the JDK's server itself
        // answers 400 ("URISyntaxException thrown"), with no stack trace.
        Reply authority = get("//");
        assertThat(authority.status()).isEqualTo(400);
        assertThat(authority.body()).doesNotContain("at java.", "at sun.", "at dev.");
        assertThat(log.toString()).isEmpty();
    }

    @Test
    void nothingButGetAndHead() throws IOException {
        for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
            Reply r = request(method, "/chains/c0ffee02", "localhost:" + server.port());
            assertThat(r.status()).as(method).isEqualTo(405);
            assertThat(r.headers()).containsIgnoringCase("Allow: GET, HEAD");
        }
        Reply head = request("HEAD", "/", "localhost");
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
    }

    @Test
    void boundToLoopbackItAnswersOnlyToLoopbackNames() throws IOException {
        assertThat(request("GET", "/", "evil.example:" + server.port()).status()).isEqualTo(403);
        assertThat(request("GET", "/", "localhost.evil.example").status()).isEqualTo(403);
        assertThat(request("GET", "/", "[::1]:9000").status()).isEqualTo(200);
        assertThat(WebServer.isLoopbackName("LOCALHOST:8080")).isTrue();
        assertThat(WebServer.isLoopbackName("127.0.0.1")).isTrue();
        assertThat(WebServer.isLoopbackName("127.0.0.1.evil.example")).isFalse();
    }

    @Test
    void aPageThatCannotBeBuiltIs500AndTheLogSaysWhy() throws IOException {
        slurm.failWith = new IllegalStateException("squeue exploded");

        Reply r = get("/");

        assertThat(r.status()).isEqualTo(500);
        assertThat(r.body()).contains("could not be built").doesNotContain("squeue exploded", "IllegalState");
        assertThat(log.toString()).contains("squeue exploded").contains("at dev.memescalate");
    }

    /** squeue from real output (jobs 80 and 81 of the running fixture); sacct answers nothing; no job is touched. */
    static final class CountingSlurm implements Slurm {
        final AtomicInteger queueCalls = new AtomicInteger();
        volatile RuntimeException failWith;

        @Override
        public List<QueuedJob> queue(QueueQuery query) {
            queueCalls.incrementAndGet();
            if (failWith != null) {
                throw failWith;
            }
            return SqueueParser.parse(Fixtures.slurm2205("squeue-r-live.txt"));
        }

        @Override
        public String accounting(List<String> sacctArgs) {
            return "";
        }

        @Override
        public String submit(List<String> sbatchArgs, Path workDir, Map<String, String> environment) {
            throw new AssertionError("serve never submits");
        }

        @Override
        public void cancel(Collection<String> jobIds) {
            throw new AssertionError("serve never cancels");
        }

        @Override
        public ClusterInfo clusterInfo() {
            throw new AssertionError("serve never asks scontrol");
        }

        @Override
        public List<dev.memescalate.slurm.QosInfo> qos() {
            throw new AssertionError("serve never asks sacctmgr");
        }

        @Override
        public List<String> accounts(String user) {
            throw new AssertionError("serve never asks sacctmgr");
        }
    }

    /** A clock that moves only when told. */
    static final class StepClock extends Clock {
        private volatile Instant now;

        StepClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
