package dev.memescalate.slurm.exec;

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
}
