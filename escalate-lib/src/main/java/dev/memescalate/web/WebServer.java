package dev.memescalate.web;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.memescalate.report.html.Assets;
import dev.memescalate.report.html.HtmlReport;
import dev.memescalate.store.ChainIdFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code mem-escalate serve}: the JDK's own HTTP server in front of a {@link ChainSite}. Two kinds of page and nothing
 * else: {@code /} (every chain) and {@code /chains/ID} (one chain, ID being the 8 hex digits submit printed). Every
 * other path, a malformed or unknown id, gets 404; a method other than GET or HEAD 405. The path is matched as sent,
 * never decoded into a file name: the server reads no file and writes nothing. A failure while building a page is
 * logged for the operator and answered 500 with one sentence, never a stack trace.
 *
 * <p>Bound to a loopback address (the default), it answers only requests whose Host is a loopback name
 * ({@code localhost}, {@code 127.0.0.1}, {@code [::1]}, any port: an SSH tunnel may use another): a web page elsewhere
 * cannot read the chains through DNS rebinding.
 */
public final class WebServer implements AutoCloseable {
    /** {@code /chains/} and the id as {@code submit} prints it. */
    private static final Pattern CHAIN_PAGE = Pattern.compile("/chains/(" + ChainIdFormat.REGEX + ")");
    private static final int THREADS = 4;

    private final HttpServer server;
    private final ExecutorService executor;
    private final ChainSite site;
    private final Clock clock;
    private final ZoneId zone;
    private final PrintWriter log;
    private final boolean loopbackOnly;

    private WebServer(HttpServer server, ExecutorService executor, ChainSite site, Clock clock, ZoneId zone,
            PrintWriter log, boolean loopbackOnly) {
        this.server = server;
        this.executor = executor;
        this.site = site;
        this.clock = clock;
        this.zone = zone;
        this.log = log;
        this.loopbackOnly = loopbackOnly;
    }

    /**
     * Binds {@code address} and starts answering.
     *
     * @param address port 0 picks a free port ({@link #port()} says which)
     * @param log where a failure to build a page is written, with its stack trace (the operator's terminal)
     * @throws IOException when the address cannot be bound (in use, not this machine's)
     */
    public static WebServer start(InetSocketAddress address, ChainSite site, Clock clock, ZoneId zone,
            PrintWriter log) throws IOException {
        HttpServer server = HttpServer.create(address, 0);
        ExecutorService executor = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "serve");
            t.setDaemon(true);
            return t;
        });
        InetAddress bound = server.getAddress().getAddress();
        WebServer web = new WebServer(server, executor, site, clock, zone, log, bound.isLoopbackAddress());
        server.createContext("/", web::handle);
        server.setExecutor(executor);
        server.start();
        return web;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** A response before it is sent. */
    record Response(int status, String body) {
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            Response response;
            try {
                response = respond(method, exchange.getRequestURI().getRawPath(),
                        Optional.ofNullable(exchange.getRequestHeaders().getFirst("Host")));
            } catch (RuntimeException | Error failed) {
                log.println("mem-escalate serve: " + exchange.getRequestURI().getRawPath() + ": " + failed);
                failed.printStackTrace(log);
                log.flush();
                response = error(500, "This page could not be built; the server's log says why.");
            }
            send(exchange, method, response);
        }
    }

    /** What to answer: pure but for the pages {@link ChainSite} builds. */
    Response respond(String method, String rawPath, Optional<String> host) {
        if (loopbackOnly && !host.map(WebServer::isLoopbackName).orElse(false)) {
            return error(403, "This server answers only to localhost (use an SSH tunnel, or serve --bind).");
        }
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return error(405, "This view is read-only: GET and HEAD only.");
        }
        if (rawPath == null) {
            return error(404, "No such page.");
        }
        if (rawPath.equals("/")) {
            return new Response(200, site.listPage());
        }
        Matcher chain = CHAIN_PAGE.matcher(rawPath);
        if (chain.matches()) {
            String id = chain.group(1);
            return site.chainPage(id).map(page -> new Response(200, page))
                    .orElseGet(() -> error(404, "No chain " + id + " is tracked here."));
        }
        return error(404, "No such page: the chains are at /, each at /chains/ID (ID: the 8 hex digits submit"
                + " printed).");
    }

    private Response error(int status, String message) {
        return new Response(status, HtmlReport.errorPage(status, message, clock.instant(), zone, "/"));
    }

    /** {@code localhost}, {@code 127.0.0.1} (any 127/8), {@code [::1]}, with or without a port. */
    static boolean isLoopbackName(String hostHeader) {
        String host = hostHeader.strip().toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end > 0 && host.substring(0, end + 1).equals("[::1]");
        }
        int colon = host.indexOf(':');
        String name = colon >= 0 ? host.substring(0, colon) : host;
        return name.equals("localhost") || name.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }

    private void send(HttpExchange exchange, String method, Response response) throws IOException {
        byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
        Headers h = exchange.getResponseHeaders();
        h.set("Content-Type", "text/html; charset=utf-8");
        h.set("Content-Security-Policy", Assets.contentSecurityPolicy() + "; frame-ancestors 'none'");
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Referrer-Policy", "no-referrer");
        h.set("Cache-Control", "no-store");
        if (response.status() == 405) {
            h.set("Allow", "GET, HEAD");
        }
        if (method.equals("HEAD")) {
            exchange.sendResponseHeaders(response.status(), -1);
            return;
        }
        exchange.sendResponseHeaders(response.status(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Stops answering: requests under way get a second to finish. */
    @Override
    public void close() {
        server.stop(1);
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
