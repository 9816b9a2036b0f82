package dev.memescalate.cli.command;

import dev.memescalate.cli.ChainIds;
import dev.memescalate.cli.CliEnvironment;
import dev.memescalate.cli.ExitCodes;
import dev.memescalate.cli.TrackerOptions;
import dev.memescalate.cli.VerboseOption;
import dev.memescalate.engine.ChainResumer;
import dev.memescalate.store.ChainStore;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mem-escalate resume CHAIN}: does for a STALLED chain what its lost handler would have done. */
@Command(
        name = "resume",
        mixinStandardHelpOptions = true,
        description = {"Resume a STALLED chain whose handler job was cancelled, killed or lost.",
            "Decides the round it left undecided (or submits a new handler job when its arrays still run) and",
            "submits what comes next. A chain that is not stalled is left as it is."},
        footer = {"", "Safe to run twice, or while a handler runs: nothing is submitted twice. Exit code 0."})
public final class ResumeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TrackerOptions tracker;

    @Mixin
    VerboseOption verbose;

    @Parameters(index = "0", paramLabel = "CHAIN", description = "The chain id that submit printed.")
    String chainId;

    private final CliEnvironment env;

    public ResumeCommand() {
        this(CliEnvironment.system());
    }

    public ResumeCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        ChainIds.require(chainId);
        PrintWriter out = spec.commandLine().getOut();
        try (ChainStore store = tracker.openExistingStore(env.variables())) {
            ChainCommands.requireChain(store, chainId);
            ChainResumer.Result result = env.engine(store).resumer().resume(chainId);
            if (!result.resumed()) {
                result.actions().forEach(out::println);
                return ExitCodes.OK;
            }
            out.println("Resumed chain " + chainId + ":");
            result.actions().forEach(a -> out.println("  " + a));
            out.println("It is now " + result.chainStatus() + ". Follow it with: mem-escalate status " + chainId
                    + " --watch");
            return ExitCodes.OK;
        }
    }
}
