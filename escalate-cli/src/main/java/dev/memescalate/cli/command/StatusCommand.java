package dev.memescalate.cli.command;

import dev.memescalate.InvalidInputException;
import dev.memescalate.cli.ExitCodes;
import dev.memescalate.cli.Tracker;
import dev.memescalate.config.ConfigLoader;
import dev.memescalate.config.EscalationConfig;
import dev.memescalate.engine.ChainConfig;
import dev.memescalate.engine.ChainLauncher;
import dev.memescalate.report.ChainView;
import dev.memescalate.report.StatusText;
import dev.memescalate.store.ChainRecord;
import dev.memescalate.store.ChainStatus;
import dev.memescalate.store.ChainStore;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mem-escalate status CHAIN}: where a chain stands; {@code --watch} follows it until it ends. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = "Show a chain's rounds and task outcomes; --watch follows it until it ends.",
        footer = {"", "Exit code with --watch: 0 when every task completed, 1 when some failed."})
public final class StatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CHAIN", description = "The chain id that submit printed.")
    String chainId;

    @Option(names = "--watch", description = "Follow the chain until it ends, printing it again whenever it changes.")
    boolean watch;

    @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "5",
            description = "Seconds between refreshes with --watch (default: ${DEFAULT-VALUE}).")
    int interval;

    @Option(names = "--tasks", description = "Also list every task: its attempts and its outcome.")
    boolean tasks;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Read the tracker directory from this config's tracker_dir (when MEM_ESCALATE_HOME is unset).")
    Path config;

    @Option(names = "--verbose", description = "Show stack traces of errors.")
    boolean verbose;

    private final Map<String, String> env;

    public StatusCommand() {
        this(System.getenv());
    }

    StatusCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (interval < 1) {
            throw new InvalidInputException("--interval=" + interval + ": must be at least 1 second");
        }
        Optional<EscalationConfig> cfg = Optional.ofNullable(config).map(ConfigLoader::load);
        Path storeFile = Tracker.directory(env, cfg).resolve(ChainLauncher.STORE_FILE);
        if (!Files.isRegularFile(storeFile)) {
            throw new InvalidInputException("no chains are tracked in " + storeFile.getParent()
                    + ": set MEM_ESCALATE_HOME (or --config) to the tracker directory the chain was submitted with");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (ChainStore store = ChainStore.open(storeFile)) {
            String shown = null;
            while (true) {
                ChainView view = read(store);
                ChainStatus status = view.chain().status();
                String text = StatusText.render(view, listsTasks(status));
                boolean changed = !text.equals(shown);
                if (changed) {
                    out.print(shown == null ? text : "\n" + text);
                    out.flush();
                    shown = text;
                }
                if (!watch || status.isTerminal()) {
                    return !watch || status == ChainStatus.COMPLETED ? ExitCodes.OK : ExitCodes.WORK_FAILED;
                }
                Thread.sleep(interval * 1000L);
            }
        }
    }

    /** Every task is listed with --tasks, and at the end of --watch. */
    private boolean listsTasks(ChainStatus status) {
        return tasks || (watch && status.isTerminal());
    }

    /** The chain, with its per-task rows only when they are listed (a chain may have a million tasks). */
    private ChainView read(ChainStore store) {
        return store.read(tx -> {
            ChainRecord chain = tx.chains().find(chainId).orElseThrow(() -> new InvalidInputException("no chain '" + chainId
                    + "' in " + store.file() + "; check the id that submit printed"));
            EscalationConfig snapshot = ChainConfig.of(chain);
            boolean withTasks = listsTasks(chain.status());
            return new ChainView(chain, snapshot.ladder(), tx.rounds().forChain(chainId), tx.jobs().forChain(chainId),
                    tx.outcomes().counts(chainId),
                    withTasks ? tx.attempts().forChain(chainId) : List.of(),
                    withTasks ? tx.outcomes().forChain(chainId) : List.of());
        });
    }
}
