package dev.memescalate.engine;

import dev.memescalate.slurm.exec.CommandRequest;
import dev.memescalate.slurm.exec.CommandResult;
import dev.memescalate.slurm.exec.CommandRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Records the commands the engine runs (notifications) and answers each with the exit code a test sets. */
final class RecordingCommands implements CommandRunner {
    final List<CommandRequest> requests = new ArrayList<>();
    int exitCode;
    String stderr = "";

    @Override
    public CommandResult run(CommandRequest request) {
        requests.add(request);
        return new CommandResult(request.argv(), exitCode, "", stderr, Duration.ZERO);
    }
}
