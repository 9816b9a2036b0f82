package dev.memescalate.cli.command;

import dev.memescalate.cli.ChainIds;
import dev.memescalate.cli.CliEnvironment;
import dev.memescalate.cli.ExitCodes;
import dev.memescalate.cli.TrackerOptions;
import dev.memescalate.cli.VerboseOption;
import dev.memescalate.engine.ChainCanceller;
import dev.memescalate.store.ChainStore;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mem-escalate cancel CHAIN}: cancels every live job of a chain and ends it CANCELLED. */
@Command(
        name = "cancel",
        mixinStandardHelpOptions = true,
        description = {"Cancel a chain and every live job of it.",
            "scancel its live jobs (arrays, handlers, guards) by their recorded ids and end it CANCELLED.",
            "Tasks that had completed keep that outcome; the others end CANCELLED."},
        footer = {"", "Cancelling twice is harmless. Exit code 0, or 1 when scancel or sacct failed on the way (the"
                + " chain is cancelled anyway)."})
public final class CancelCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TrackerOptions tracker;

    @Mixin
    VerboseOption verbose;

    @Parameters(index = "0", paramLabel = "CHAIN", description = "The chain id that submit printed.")
    String chainId;

    private final CliEnvironment env;

    public CancelCommand() {
        this(CliEnvironment.system());
    }

    public CancelCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        ChainIds.require(chainId);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (ChainStore store = tracker.openExistingStore(env.variables())) {
            ChainCommands.requireChain(store, chainId);
            ChainCanceller.Result result = env.engine(store).canceller().cancel(chainId);
            if (result.alreadyEnded()) {
                out.println("Chain " + chainId + " had already ended " + result.statusBefore()
                        + ": nothing to cancel.");
                return ExitCodes.OK;
            }
            out.println("Cancelled chain " + chainId + "."
                    + (result.cancelledJobIds().isEmpty() ? "" : " scancel: " + String.join(",",
                            result.cancelledJobIds()) + "."));
            out.println(result.cancelledTasks() + " task(s) cancelled"
                    + (result.completedTasks() > 0 ? ", " + result.completedTasks() + " had completed" : "") + ".");
            result.problems().forEach(p -> err.println("warning: " + p));
            return result.problems().isEmpty() ? ExitCodes.OK : ExitCodes.WORK_FAILED;
        }
    }
}
