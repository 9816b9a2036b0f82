package dev.memescalate.engine;

/**
 * Slurm job names of a chain's jobs. Every name carries the chain id and the round, so a handler that died between
 * {@code sbatch} and recording the job id can find the job it submitted ({@code squeue --name}) and adopt it.
 */
public final class JobNames {
    private JobNames() {
    }

    /** A user array job: {@code <base>-<chain>-r<round>-p<part>}; {@code %x} in output patterns expands to this. */
    public static String array(String baseName, String chainId, int round, int part) {
        return baseName + "-" + chainId + "-r" + round + "-p" + part;
    }

    /** The handler that runs when a round did not fully succeed. */
    public static String handler(String chainId, int round) {
        return "mem-escalate-" + chainId + "-r" + round + "-handler";
    }

    /**
     * The handler job number {@code part} of a round: part 0 is the one submitted with the round, later parts run it
     * again after the earlier one was lost ({@code ...-r2-handler-rerun1}).
     */
    public static String handler(String chainId, int round, int part) {
        return part == 0 ? handler(chainId, round) : handler(chainId, round) + "-rerun" + part;
    }

    /**
     * Guard number {@code part} of a round ({@code ...-r2-guard1}): it runs the handler again, with more memory and
     * time, when the handler job it guards failed.
     */
    public static String guard(String chainId, int round, int part) {
        return "mem-escalate-" + chainId + "-r" + round + "-guard" + (part + 1);
    }
}
