package dev.memescalate.cli.command;

import dev.memescalate.InvalidInputException;
import dev.memescalate.cli.CliEnvironment;
import dev.memescalate.cli.ExitCodes;
import dev.memescalate.cli.TrackerOptions;
import dev.memescalate.cli.VerboseOption;
import dev.memescalate.report.ChainSummary;
import dev.memescalate.report.ListText;
import dev.memescalate.report.StatusJson;
import dev.memescalate.store.ChainStatus;
import dev.memescalate.store.ChainStore;
import dev.memescalate.view.ChainLister;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mem-escalate list}: the chains of the tracker directory, one line each, newest first. */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = "List the chains of the tracker directory, newest first (the last 30 days unless --all).")
public final class ListCommand implements Callable<Integer> {
    /** Without --all, chains created this recently. */
    static final Duration RECENT = Duration.ofDays(30);

    @Spec
    CommandSpec spec;

    @Mixin
    TrackerOptions tracker;

    @Mixin
    VerboseOption verbose;

    @Option(names = "--all", description = "Every chain, not only those of the last 30 days.")
    boolean all;

    @Option(names = "--state", paramLabel = "STATE",
            description = "Only chains in this state: SUBMITTING, RUNNING, STALLED, COMPLETED, COMPLETED_WITH_FAILURES,"
                    + " CANCELLED, FAILED.")
    String state;

    @Option(names = "--json", description = "Print JSON: one object per chain (see the README's JSON section).")
    boolean json;

    private final CliEnvironment env;

    public ListCommand() {
        this(CliEnvironment.system());
    }

    public ListCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        Optional<String> wanted = Optional.ofNullable(state).map(ListCommand::stateName);
        PrintWriter out = spec.commandLine().getOut();
        try (ChainStore store = tracker.openExistingStore(env.variables())) {
            Instant now = env.clock().instant();
            ChainLister.Listing listing = new ChainLister(store, env.slurm().get(), env.clock(),
                    ZoneId.systemDefault()).list(all ? Optional.empty() : Optional.of(now.minus(RECENT)));
            List<ChainSummary> shown = new ArrayList<>(listing.chains());
            wanted.ifPresent(w -> shown.removeIf(s -> !s.state().equals(w)));
            if (json) {
                StatusJson.writeList(shown, env.zone(), out);
            } else {
                String scope = (wanted.map(w -> "in state " + w + " ").orElse(""))
                        + (all ? "in " : "of the last 30 days in ") + store.file().getParent()
                        + (all ? "" : " (--all shows older ones)");
                out.print(ListText.render(shown, listing.problem(), now, env.zone(), scope));
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    private static String stateName(String text) {
        String upper = text.strip().toUpperCase(Locale.ROOT);
        List<String> valid = new ArrayList<>(Arrays.stream(ChainStatus.values()).map(Enum::name).toList());
        valid.add(2, ChainSummary.STALLED);
        if (!valid.contains(upper)) {
            String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
            throw new InvalidInputException("--state=" + shown.replaceAll("\\p{Cntrl}", "?") + ": not a chain"
                    + " state; give one of " + String.join(", ", valid));
        }
        return upper;
    }
}
