package dev.memescalate.cli.command;

import dev.memescalate.InvalidInputException;
import dev.memescalate.cli.ChainIds;
import dev.memescalate.cli.CliEnvironment;
import dev.memescalate.cli.ExitCodes;
import dev.memescalate.cli.Terminal;
import dev.memescalate.cli.TrackerOptions;
import dev.memescalate.cli.VerboseOption;
import dev.memescalate.report.AllTasks;
import dev.memescalate.report.ChainSummary;
import dev.memescalate.report.RoundLevels;
import dev.memescalate.report.StatusJson;
import dev.memescalate.report.StatusModel;
import dev.memescalate.report.StatusText;
import dev.memescalate.report.TaskListing;
import dev.memescalate.report.TaskSource;
import dev.memescalate.report.Times;
import dev.memescalate.store.ChainStatus;
import dev.memescalate.store.ChainStore;
import dev.memescalate.view.StatusSession;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mem-escalate status CHAIN}: where a chain stands, with the live progress of its running round (one squeue
 * call per refresh for this chain's jobs, sacct at most every 30 s); {@code --watch} follows it until it ends.
 */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = {"Show a chain: its rounds, the live progress of the running one, and what happens next.",
            "--watch follows it until it ends: redrawn in place on a terminal, one line per change otherwise."},
        footer = {"", "Exit code: 0; with --watch, 0 when every task completed, 1 when some failed or the chain was"
                + " cancelled, 3 when it is STALLED (run: mem-escalate resume CHAIN)."})
public final class StatusCommand implements Callable<Integer> {
    /** At the end of --watch, the failed tasks are listed up to this many; --tasks lists every task. */
    static final int FAILED_TASKS_SHOWN = 100;

    @Spec
    CommandSpec spec;

    @Mixin
    TrackerOptions tracker;

    @Mixin
    VerboseOption verbose;

    @Parameters(index = "0", paramLabel = "CHAIN", description = "The chain id that submit printed.")
    String chainId;

    @Option(names = "--watch", description = "Follow the chain until it ends.")
    boolean watch;

    @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "5",
            description = "Seconds between refreshes with --watch (default: ${DEFAULT-VALUE}).")
    int interval;

    @Option(names = "--tasks", description = "Also list every task: its attempts, its outcome and why.")
    boolean tasks;

    @Option(names = "--json", description = "Print JSON (see the README's JSON section); with --watch, once at the end.")
    boolean json;

    private final CliEnvironment env;

    public StatusCommand() {
        this(CliEnvironment.system());
    }

    public StatusCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        ChainIds.require(chainId);
        if (interval < 1) {
            throw new InvalidInputException("--interval=" + interval + ": must be at least 1 second");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (ChainStore store = tracker.openExistingStore(env.variables())) {
            StatusSession session = new StatusSession(store, chainId, env.slurm().get(), env.clock(),
                    ZoneId.systemDefault(), watch);
            if (!watch) {
                StatusModel model = session.refresh();
                print(out, store, model);
                return ExitCodes.OK;
            }
            StatusModel last = json ? waitQuietly(session) : follow(session, out);
            print(out, store, last);
            if (!json && !tasks) {
                printFailedTasks(out, store, last);
            }
            return exitCode(last);
        }
    }

    /** Renders the chain once: text or JSON, with every task when asked. */
    private void print(PrintWriter out, ChainStore store, StatusModel model) {
        ZoneId zone = env.zone();
        if (json) {
            store.read(tx -> {
                Optional<TaskSource> taskSource = tasks
                        ? Optional.of(AllTasks.of(model.chain().indices(),
                                sink -> tx.attempts().forEachTask(chainId, false, sink)))
                        : Optional.empty();
                StatusJson.write(model, zone, out, taskSource);
                return null;
            });
            return;
        }
        out.print(StatusText.render(model, zone, false));
        if (tasks) {
            out.println();
            store.read(tx -> {
                TaskListing listing = new TaskListing(out, highestIndex(model), Integer.MAX_VALUE)
                        .withLevels(roundLevels(model)).header();
                AllTasks.of(model.chain().indices(), sink -> tx.attempts().forEachTask(chainId, false, sink))
                        .forEach(listing::accept);
                return null;
            });
        }
        out.flush();
    }

    private void printFailedTasks(PrintWriter out, ChainStore store, StatusModel model) {
        ChainSummary s = model.summary();
        int unsuccessful = s.failed() + s.exhausted() + s.cancelled();
        if (unsuccessful == 0) {
            return;
        }
        out.println();
        out.println("Tasks that did not complete (" + unsuccessful + "):");
        TaskListing listing = store.read(tx -> {
            TaskListing l = new TaskListing(out, highestIndex(model), FAILED_TASKS_SHOWN)
                    .withLevels(roundLevels(model)).header();
            tx.attempts().forEachTask(chainId, true, l::accept);
            return l;
        });
        if (listing.leftOut() > 0) {
            out.println("... and " + listing.leftOut() + " more: mem-escalate status " + chainId
                    + " --tasks lists every task.");
        }
        out.flush();
    }

    private static int highestIndex(StatusModel model) {
        return model.chain().indices().last();
    }

    /** --watch: redraws in place on a terminal, prints a line per change otherwise; returns the last refresh. */
    private StatusModel follow(StatusSession session, PrintWriter out) {
        boolean redraw = env.terminal().isInteractive();
        AtomicBoolean onAlternateScreen = new AtomicBoolean(false);
        Thread restoreTerminal = new Thread(() -> {
            if (onAlternateScreen.getAndSet(false)) {
                out.print(Terminal.LEAVE);
                out.println("mem-escalate: stopped watching; the chain goes on (mem-escalate status " + chainId + ")");
                out.flush();
            }
        });
        if (redraw) {
            Runtime.getRuntime().addShutdownHook(restoreTerminal); // Ctrl-C leaves the terminal as it was
            out.print(Terminal.ENTER);
            onAlternateScreen.set(true);
        }
        try {
            String lastLine = null;
            while (true) {
                StatusModel model = session.refresh();
                if (redraw) {
                    out.print(Terminal.HOME_AND_CLEAR + StatusText.render(model, env.zone(), true)
                            + "\nRefreshing every " + interval + " s. Ctrl-C stops watching; the chain goes on.\n");
                } else {
                    String line = StatusText.oneLine(model);
                    if (!line.equals(lastLine)) {
                        out.println(Times.local(model.asOf(), env.zone()) + " " + line);
                        lastLine = line;
                    }
                }
                out.flush();
                if (finished(model)) {
                    return model;
                }
                env.sleeper().pause(Duration.ofSeconds(interval), "between refreshes");
            }
        } finally {
            if (redraw && onAlternateScreen.getAndSet(false)) {
                out.print(Terminal.LEAVE);
                out.flush();
                try {
                    Runtime.getRuntime().removeShutdownHook(restoreTerminal);
                } catch (IllegalStateException shuttingDown) {
                    // Ctrl-C: the hook runs (and finds the terminal already restored)
                }
            }
        }
    }

    private StatusModel waitQuietly(StatusSession session) {
        while (true) {
            StatusModel model = session.refresh();
            if (finished(model)) {
                return model;
            }
            env.sleeper().pause(Duration.ofSeconds(interval), "between refreshes");
        }
    }

    private static boolean finished(StatusModel model) {
        return model.chain().status().isTerminal() || model.state().equals(ChainSummary.STALLED);
    }

    static int exitCode(StatusModel model) {
        if (model.state().equals(ChainSummary.STALLED)) {
            return ExitCodes.UNEXPECTED_STATE;
        }
        return model.chain().status() == ChainStatus.COMPLETED ? ExitCodes.OK : ExitCodes.WORK_FAILED;
    }

    /** The memory and time level of each round of a by_reason chain, for the task lines. */
    private static RoundLevels roundLevels(StatusModel model) {
        return RoundLevels.of(model.rounds().stream().map(StatusModel.RoundLine::round).toList());
    }
}
