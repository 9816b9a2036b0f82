package dev.memescalate.cli.command;

import dev.memescalate.InvalidInputException;
import dev.memescalate.cli.CliEnvironment;
import dev.memescalate.cli.ExitCodes;
import dev.memescalate.cli.TrackerOptions;
import dev.memescalate.cli.VerboseOption;
import dev.memescalate.store.ChainStore;
import dev.memescalate.web.ChainSite;
import dev.memescalate.web.WebServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mem-escalate serve}: a read-only web view of every chain of the tracker directory until Ctrl-C. The pages
 * are the HTML report's; a running chain's page shows its live status (from the same code as {@code status}) and
 * reloads itself. Nothing it does changes a chain.
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {"Serve a read-only web view of the chains of the tracker directory until Ctrl-C: the chain"
                + " list, and each chain's page (the HTML report; live, reloading itself, while the chain runs).",
            "From a login node, look at it through an SSH tunnel: ssh -L 8080:localhost:8080 LOGIN-NODE"},
        footer = {"", "Exit code: 0 when stopped; 2 when the address cannot be listened on."})
public final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TrackerOptions tracker;

    @Mixin
    VerboseOption verbose;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "The address to listen on (default: ${DEFAULT-VALUE}, this machine only). Anyone who can"
                    + " reach another address can read every chain's page.")
    String bind;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
            description = "The port (default: ${DEFAULT-VALUE}; 0 picks a free one, printed at start).")
    int port;

    @Option(names = "--refresh", paramLabel = "SECONDS", defaultValue = "10",
            description = "How often the page of a running chain reloads itself (default: ${DEFAULT-VALUE}).")
    int refresh;

    private final CliEnvironment env;

    public ServeCommand() {
        this(CliEnvironment.system());
    }

    public ServeCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65_535) {
            throw new InvalidInputException("--port=" + port + ": give a port from 1 to 65535 (0 picks a free one)");
        }
        if (refresh < 1) {
            throw new InvalidInputException("--refresh=" + refresh + ": must be at least 1 second");
        }
        InetAddress address = address(bind);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (ChainStore store = tracker.openExistingStore(env.variables())) {
            ChainSite site = new ChainSite(store, env.slurm().get(), env.clock(), env.zone(), ZoneId.systemDefault(),
                    refresh);
            WebServer server;
            try {
                server = WebServer.start(new InetSocketAddress(address, port), site, env.clock(), env.zone(), err);
            } catch (IOException e) {
                throw new InvalidInputException("cannot listen on " + bind + ":" + port + " (" + e.getMessage()
                        + "); pick another --port, or another --bind");
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Thread stop = new Thread(() -> {
                server.close();
                stopped.countDown();
            }, "serve-stop");
            Runtime.getRuntime().addShutdownHook(stop);
            String host = server.address().getAddress().getHostAddress();
            String url = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + server.port() + "/";
            out.println("Serving the chains of " + store.file().getParent() + " at " + url
                    + " (read-only; Ctrl-C stops).");
            if (!address.isLoopbackAddress()) {
                out.println("Listening on " + bind + ": anyone who can reach it can read every chain's page.");
            } else {
                out.println("From your own machine: ssh -L " + server.port() + ":localhost:" + server.port()
                        + " THIS-HOST, then open http://localhost:" + server.port() + "/");
            }
            out.flush();
            stopped.await();
            return ExitCodes.OK;
        }
    }

    /** The --bind address; a name is looked up once, here. */
    private static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text.strip());
        } catch (UnknownHostException e) {
            throw new InvalidInputException("--bind=" + text + ": not an address of this machine (" + e.getMessage()
                    + "); give one such as 127.0.0.1 or 0.0.0.0");
        }
    }
}
