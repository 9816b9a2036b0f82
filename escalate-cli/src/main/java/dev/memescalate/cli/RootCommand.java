package dev.memescalate.cli;

import dev.memescalate.cli.command.CheckConfigCommand;
import dev.memescalate.cli.command.CompressIndicesCommand;
import dev.memescalate.cli.command.StatusCommand;
import dev.memescalate.cli.command.SubmitCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code mem-escalate}: lists every subcommand; running it without one is a usage error. */
@Command(
        name = "mem-escalate",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Run Slurm job arrays and resubmit only the failed tasks, one rung up a memory/time ladder.",
        subcommands = {
            SubmitCommand.class,
            StatusCommand.class,
            CheckConfigCommand.class,
            CompressIndicesCommand.class,
        })
public final class RootCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a subcommand is required");
    }
}
