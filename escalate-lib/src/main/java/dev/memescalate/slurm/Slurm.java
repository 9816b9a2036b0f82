package dev.memescalate.slurm;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The Slurm commands mem-escalate needs, typed. The implementation that runs the real commands is
 * {@code dev.memescalate.slurm.exec.CliSlurm}; every method throws {@link SlurmException} when the command fails
 * (see {@link SlurmException#isTransient()} for whether trying again may help).
 */
public interface Slurm {

    /**
     * Runs {@code sbatch --parsable <sbatchArgs>} in {@code workDir} and returns the new job id ({@code "123"}; a
     * federated {@code "123;cluster"} reply gives {@code "123"}).
     */
    default String submit(List<String> sbatchArgs, Path workDir) {
        return submit(sbatchArgs, workDir, Map.of());
    }

    /**
     * {@link #submit(List, Path)} with variables added to sbatch's own environment: with {@code --export=ALL} (sbatch's
     * default) the job gets them. Measured on the local cluster: a 1,000-task array with three variables in
     * {@code --export=ALL,A=..} took 87-95 s to run, the same variables in sbatch's environment 22.6 s.
     */
    String submit(List<String> sbatchArgs, Path workDir, Map<String, String> environment);

    /** Runs {@code sacct <sacctArgs>} with {@code SLURM_BITSTR_LEN=0} and returns its raw stdout. */
    String accounting(List<String> sacctArgs);

    /**
     * Runs sacct like {@link #accounting(List)} but hands its stdout to {@code sink} line by line instead of
     * returning it, so the whole answer is never held (387 MB for a million tasks with the standard columns). A
     * failing sacct still throws {@link SlurmException}, but the sink may have seen some lines first: discard what
     * it built then.
     *
     * <p>This default reads the whole answer and then splits it (for fakes that replay captured output); the real
     * implementation streams.
     */
    default void accounting(List<String> sacctArgs, LineSink sink) {
        LineSplitter.forEachLine(accounting(sacctArgs), sink);
    }

    /** Cancels the jobs. A job that has already ended, or that Slurm no longer knows, is not an error. */
    void cancel(Collection<String> jobIds);

    /** The queued (and, if asked, recently finished) jobs matching the query, one row per squeue line. */
    List<QueuedJob> queue(QueueQuery query);

    /** Limits and layout of the cluster: configuration, partitions and nodes. */
    ClusterInfo clusterInfo();

    /** Every QOS slurmdbd knows, with its MaxWall ({@code sacctmgr show qos}); only when accounting is on. */
    List<QosInfo> qos();

    /** The accounts {@code user} has associations with ({@code sacctmgr show assoc}); only when accounting is on. */
    List<String> accounts(String user);
}
