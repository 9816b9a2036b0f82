package dev.memescalate.cli;

import dev.memescalate.cli.command.CancelCommand;
import dev.memescalate.cli.command.CheckConfigCommand;
import dev.memescalate.cli.command.CompletionCommand;
import dev.memescalate.cli.command.CompressIndicesCommand;
import dev.memescalate.cli.command.DoctorCommand;
import dev.memescalate.cli.command.ListCommand;
import dev.memescalate.cli.command.ReportCommand;
import dev.memescalate.cli.command.ResumeCommand;
import dev.memescalate.cli.command.ServeCommand;
import dev.memescalate.cli.command.StatusCommand;
import dev.memescalate.cli.command.SubmitCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code mem-escalate}: lists every subcommand. The original tool's forms are accepted too:
 * {@code mem-escalate --status CHAIN [--watch [SEC]]} runs {@code status}, {@code mem-escalate --list} runs
 * {@code list}.
 */
@Command(
        name = "mem-escalate",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Run Slurm job arrays and resubmit only the failed tasks, one rung up a memory/time ladder.",
        subcommands = {
            SubmitCommand.class,
            StatusCommand.class,
            ListCommand.class,
            CancelCommand.class,
            ResumeCommand.class,
            ReportCommand.class,
            ServeCommand.class,
            CheckConfigCommand.class,
            CompressIndicesCommand.class,
            DoctorCommand.class,
            CompletionCommand.class,
        })
public final class RootCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-s", "--status"}, paramLabel = "CHAIN",
            description = "The original tool's form of: status CHAIN.")
    String status;

    @Option(names = {"-w", "--watch"}, arity = "0..1", paramLabel = "SEC", fallbackValue = "5",
            description = "With --status: follow the chain, refreshing every SEC seconds (default 5).")
    Integer watch;

    @Option(names = "--list", description = "The original tool's form of: list.")
    boolean list;

    @Override
    public Integer call() {
        if (status != null && list) {
            throw new ParameterException(spec.commandLine(), "give --status CHAIN or --list, not both");
        }
        if (status != null) {
            List<String> args = new ArrayList<>(List.of(status));
            if (watch != null) {
                args.addAll(List.of("--watch", "--interval=" + watch));
            }
            return spec.commandLine().getSubcommands().get("status").execute(args.toArray(String[]::new));
        }
        if (watch != null) {
            throw new ParameterException(spec.commandLine(), "--watch goes with --status CHAIN (or: status CHAIN"
                    + " --watch)");
        }
        if (list) {
            return spec.commandLine().getSubcommands().get("list").execute();
        }
        throw new ParameterException(spec.commandLine(), "a subcommand is required");
    }
}
