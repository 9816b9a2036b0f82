package dev.memescalate.slurm.exec;

import dev.memescalate.slurm.LineSink;
import dev.memescalate.slurm.LineSplitter;

/**
 * Runs one external command to completion. {@link ProcessCommandRunner} is the only implementation that starts a
 * process; unit tests use a fake that replays output captured from a real Slurm.
 *
 * <p>A non-zero exit is not an error here: it is returned in the result, and the caller decides what it means.
 * A command that cannot be started or does not finish in time throws
 * {@link dev.memescalate.slurm.SlurmException}.
 */
@FunctionalInterface
public interface CommandRunner {
    CommandResult run(CommandRequest request);

    /**
     * Runs the command like {@link #run} but hands its stdout to {@code stdoutLines} line by line instead of
     * returning it: the result's stdout is empty, its stderr is captured as usual. The sink may have seen lines of a
     * command that then fails or times out.
     *
     * <p>This default runs the command to completion first and then splits its stdout, which suits fakes that replay
     * captured output; {@link ProcessCommandRunner} hands lines over while the process runs.
     */
    default CommandResult stream(CommandRequest request, LineSink stdoutLines) {
        CommandResult result = run(request);
        LineSplitter.forEachLine(result.stdout(), stdoutLines);
        return new CommandResult(result.argv(), result.exitCode(), "", result.stderr(), result.elapsed());
    }
}
