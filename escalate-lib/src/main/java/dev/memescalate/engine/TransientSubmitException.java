package dev.memescalate.engine;

import dev.memescalate.slurm.SlurmException;

/**
 * sbatch kept failing for a reason that passes ("Socket timed out", "temporarily unable to accept job") after its
 * retries: nothing was submitted, nothing was refused, and the job is left to be submitted by a later run. Never a
 * task's outcome.
 */
public final class TransientSubmitException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TransientSubmitException(String message, SlurmException cause) {
        super(message, cause);
    }
}
