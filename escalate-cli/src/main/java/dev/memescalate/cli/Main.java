package dev.memescalate.cli;

import dev.memescalate.InvalidInputException;
import dev.memescalate.engine.TransientSubmitException;
import dev.memescalate.slurm.SlurmException;
import dev.memescalate.store.SqliteNativeLibrary;
import dev.memescalate.store.StoreException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/** The {@code mem-escalate} entry point: builds the command line and maps every exception to an exit code. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        // The library extracted at package time beside the jar, as the handler loads it: sqlite-jdbc would otherwise
        // copy it out of the jar and compare it byte by byte at every command (a sixth of a second).
        SqliteNativeLibrary.jarOf(Main.class).ifPresent(SqliteNativeLibrary::useCopyBeside);
        System.exit(commandLine().execute(args));
    }

    /** The fully configured command line; tests call {@code execute} on it with their own writers. */
    public static CommandLine commandLine() {
        return commandLine(CliEnvironment.system());
    }

    /** The command line with every command taking {@code env} (the variables, Slurm, the clock, the terminal). */
    public static CommandLine commandLine(CliEnvironment env) {
        CommandLine cmd = new CommandLine(new RootCommand(), new EnvironmentFactory(env));
        // Everything after SCRIPT belongs to the script, even words that look like options.
        cmd.getSubcommands().get("submit").setStopAtPositional(true);
        cmd.registerConverter(Integer.class, new WholeNumber());
        cmd.registerConverter(int.class, new WholeNumber());
        cmd.setExecutionExceptionHandler(Main::handleExecutionException);
        cmd.setParameterExceptionHandler(Main::handleParameterException);
        cmd.setExitCodeExceptionMapper(t -> t instanceof InvalidInputException
                ? ExitCodes.INVALID_INPUT
                : ExitCodes.INTERNAL_ERROR);
        return cmd;
    }

    private static int handleParameterException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("mem-escalate: " + SubmitOptionRefusal.of(ex).orElse(ex.getMessage()));
        err.println("Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
        err.flush();
        return ExitCodes.INVALID_INPUT;
    }

    private static int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        boolean verbose = parsed.hasMatchedOption("--verbose")
                || (parsed.subcommand() != null && parsed.subcommand().hasMatchedOption("--verbose"));
        int code;
        if (ex instanceof InvalidInputException) {
            err.println("mem-escalate: " + ex.getMessage());
            code = ExitCodes.INVALID_INPUT;
        } else if (ex instanceof CommandFailedException failed) {
            err.println("mem-escalate: " + ex.getMessage());
            code = failed.exitCode();
        } else if (ex instanceof TransientSubmitException slurmDown) {
            err.println("mem-escalate: sbatch did not answer (" + slurmDown.getMessage() + "); nothing was"
                    + " submitted: try again when Slurm answers");
            code = ExitCodes.WORK_FAILED;
        } else if (ex instanceof SlurmException slurm) {
            err.println("mem-escalate: " + slurm.getMessage());
            code = ExitCodes.WORK_FAILED;
        } else if (ex instanceof StoreException store) {
            err.println("mem-escalate: the chain store: " + store.getMessage());
            code = ExitCodes.UNEXPECTED_STATE;
        } else if (ex instanceof UncheckedIOException io) {
            err.println("mem-escalate: " + io.getMessage());
            code = ExitCodes.UNEXPECTED_STATE;
        } else {
            err.println("mem-escalate: internal error: " + ex);
            err.println("This is a bug in mem-escalate; run again with --verbose for the stack trace and report it.");
            code = ExitCodes.INTERNAL_ERROR;
        }
        if (verbose) {
            ex.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    /** Builds every command with the environment when it takes one, else with its no-argument constructor. */
    private record EnvironmentFactory(CliEnvironment env) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            try {
                return cls.getDeclaredConstructor(CliEnvironment.class).newInstance(env);
            } catch (NoSuchMethodException takesNoEnvironment) {
                return CommandLine.defaultFactory().create(cls);
            }
        }
    }
}
