package dev.memescalate.slurm.exec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One command to run: an argv list (never a shell string, so arguments with spaces, quotes or {@code $(...)} reach
 * the program unchanged), changes to the inherited environment, a working directory and a timeout.
 *
 * @param argv program and arguments; the program is looked up on PATH
 * @param setVariables variables to set (or overwrite) in the child's environment
 * @param removeVariables which inherited variables to drop; applied before {@code setVariables}
 * @param workDir the child's working directory, or empty for this process's
 * @param timeout how long to wait before the process tree is killed
 */
public record CommandRequest(
        List<String> argv,
        Map<String, String> setVariables,
        VariableFilter removeVariables,
        Optional<Path> workDir,
        Duration timeout) {

    public CommandRequest {
        argv = List.copyOf(argv);
        setVariables = Map.copyOf(setVariables);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("argv must name a program, got an empty list");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be > 0, got " + timeout);
        }
    }

    /** The command with the inherited environment unchanged and this process's working directory. */
    public static CommandRequest of(List<String> argv, Duration timeout) {
        return new CommandRequest(argv, Map.of(), VariableFilter.NONE, Optional.empty(), timeout);
    }

    /** The program name, argv[0]. */
    public String program() {
        return argv.get(0);
    }
}
