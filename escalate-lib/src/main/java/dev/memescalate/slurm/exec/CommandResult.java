package dev.memescalate.slurm.exec;

import java.time.Duration;
import java.util.List;

/**
 * What a finished command produced. Output is decoded as UTF-8.
 *
 * @param argv the argv that was run
 * @param exitCode the process's exit code
 * @param stdout everything it wrote to stdout
 * @param stderr everything it wrote to stderr
 * @param elapsed wall-clock time from start to exit
 */
public record CommandResult(List<String> argv, int exitCode, String stdout, String stderr, Duration elapsed) {
    public CommandResult {
        argv = List.copyOf(argv);
    }

    public boolean succeeded() {
        return exitCode == 0;
    }
}
