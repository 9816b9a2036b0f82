package dev.memescalate.slurm;

import java.util.List;

/**
 * Slurm's client commands cannot be run on this machine at all: the executable is not on PATH, or no Slurm
 * configuration can be found. Never transient: the user has to fix the environment (load the Slurm module, run on
 * a login node, set SLURM_CONF).
 */
public class SlurmUnavailableException extends SlurmException {
    private static final long serialVersionUID = 1L;

    public SlurmUnavailableException(String message, List<String> argv, String stderr, Throwable cause) {
        super(message, argv, NO_EXIT_CODE, stderr, false, cause);
    }
}
