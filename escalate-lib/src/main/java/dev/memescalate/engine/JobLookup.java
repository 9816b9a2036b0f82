package dev.memescalate.engine;

import dev.memescalate.slurm.QueueQuery;
import dev.memescalate.slurm.QueuedJob;
import dev.memescalate.slurm.Slurm;
import dev.memescalate.slurm.SlurmException;
import dev.memescalate.store.JobRecord;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds a chain's job in Slurm by its name, for a submitter that may have run sbatch without recording the reply
 * (it died, or sbatch timed out after the job got in). Names carry the chain, the round and the part, so a job of
 * that name submitted since the intent was recorded is this job.
 */
final class JobLookup {
    private final Slurm slurm;
    private final ZoneId sacctZone;

    JobLookup(Slurm slurm, ZoneId sacctZone) {
        this.slurm = slurm;
        this.sacctZone = sacctZone;
    }

    /**
     * The id of a job named like {@code job} submitted since its intent was recorded: from squeue while slurmctld
     * still holds it, else from sacct. Empty when neither knows one, or when both fail (the caller then submits,
     * which is what it would do if the job did not exist).
     */
    Optional<String> findSubmitted(JobRecord job) {
        try {
            List<QueuedJob> queued = slurm.queue(QueueQuery.byNames(Set.of(job.jobName())).includingFinished());
            if (!queued.isEmpty()) {
                return Optional.of(queued.get(0).arrayJobId());
            }
            String since = AccountingReader.sacctTime(job.intendedAt().minus(1, ChronoUnit.MINUTES), sacctZone);
            String text = slurm.accounting(List.of("-X", "-n", "-P", "--name=" + job.jobName(), "-S", since,
                    "--format=JobID"));
            return text.lines()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty())
                    .map(line -> line.replaceFirst("[_.].*$", ""))
                    .findFirst();
        } catch (SlurmException lookupFailed) {
            return Optional.empty();
        }
    }
}
