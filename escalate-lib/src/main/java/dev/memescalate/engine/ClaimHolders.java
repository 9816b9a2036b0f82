package dev.memescalate.engine;

import dev.memescalate.slurm.QueueQuery;
import dev.memescalate.slurm.QueuedJob;
import dev.memescalate.slurm.Slurm;
import dev.memescalate.slurm.SlurmException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells whether the holder of a submission claim has ended, so that its claim can be taken over at once instead of
 * after {@link JobSubmission#STALE_CLAIM}. A claim names its holder as {@link RoundSubmitter#ownerOfThisProcess}
 * writes it, {@code host:pid} or {@code host:pid:jobID}:
 *
 * <ul>
 *   <li>a holder that ran in a Slurm job (a handler, a guard) has ended when squeue no longer lists its job, or lists
 *       it in a state that has ended: Slurm kills a job's processes when the job ends. This is what a guard meets: it
 *       runs because the job it guards ended badly, maybe in the middle of a submission;</li>
 *   <li>a holder on this host without a job (submit, resume in a shell) has ended when its process is gone, or the pid
 *       now belongs to a process started after the claim was made.</li>
 * </ul>
 *
 * Anything else (another host, a name in another form, squeue not answering) is not known to have ended: the claim
 * is left to go stale, as before.
 */
final class ClaimHolders {
    private static final Pattern HOLDER = Pattern.compile("(?<host>[^:]+):(?<pid>\\d{1,18})(?::job(?<job>\\d+))?");

    private final Slurm slurm;
    private final String thisHost;
    private final LongFunction<Optional<Instant>> processStart;

    /**
     * @param processStart when the process with a pid on this host started; empty when there is none
     */
    ClaimHolders(Slurm slurm, String thisHost, LongFunction<Optional<Instant>> processStart) {
        this.slurm = slurm;
        this.thisHost = thisHost;
        this.processStart = processStart;
    }

    /** This host's processes, as the JDK sees them. */
    static Optional<Instant> startOfProcess(long pid) {
        return ProcessHandle.of(pid).flatMap(p -> p.info().startInstant().or(() -> Optional.of(Instant.MIN)));
    }

    /** True only when {@code holder}, which claimed at {@code claimedAt}, has certainly ended. */
    boolean hasEnded(String holder, Instant claimedAt) {
        Matcher m = HOLDER.matcher(holder);
        if (!m.matches()) {
            return false;
        }
        String job = m.group("job");
        if (job != null) {
            return jobHasEnded(job);
        }
        if (!m.group("host").equals(thisHost)) {
            return false;
        }
        Optional<Instant> started = processStart.apply(Long.parseLong(m.group("pid")));
        return started.isEmpty() || started.get().isAfter(claimedAt);
    }

    private boolean jobHasEnded(String jobId) {
        try {
            List<QueuedJob> listed = slurm.queue(QueueQuery.byJobIds(Set.of(jobId)));
            return listed.stream().allMatch(j -> j.state().isTerminal());
        } catch (SlurmException noAnswer) {
            return false;
        }
    }
}
