package dev.memescalate.slurm;

/**
 * A value a job asks for, with where it was set, for messages: {@code 4} from {@code "cpus_per_task of level 2"},
 * {@code "--cpus-per-task"} or {@code "#SBATCH -c 4 (job.sh:3)"}.
 */
public record Asked<T>(T value, String from) {
}
