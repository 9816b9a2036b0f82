package dev.memescalate.engine;

import dev.memescalate.slurm.Retry;
import dev.memescalate.slurm.Sleeper;
import dev.memescalate.slurm.Slurm;
import dev.memescalate.slurm.SlurmException;
import dev.memescalate.store.ChainStore;
import dev.memescalate.store.JobKey;
import dev.memescalate.store.JobRecord;
import dev.memescalate.store.JobStatus;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Puts one recorded job into Slurm exactly once. Every job was recorded as an intent before; a submitter claims it
 * (compare-and-set in the store), runs sbatch, and records the job id under its claim. A job already submitted is
 * not submitted again; a job whose earlier submitter died mid-sbatch is looked up by name and adopted; a job the
 * user cancelled (with its chain) in the meantime is not submitted, or is cancelled again if sbatch had already
 * taken it.
 */
final class JobSubmission {
    /** A SUBMITTING claim older than this belongs to a submitter that died: sbatch answers in seconds. */
    static final Duration STALE_CLAIM = Duration.ofMinutes(2);
    /** Attempts of one sbatch after transient failures (controller unreachable, timeouts). */
    static final Retry SUBMIT_RETRY = new Retry(5, Duration.ofSeconds(2), Duration.ofSeconds(30));
    /** How often a job that another process is submitting is looked at again, until its claim is stale. */
    static final Duration CLAIM_POLL = Duration.ofSeconds(1);
    private static final int CLAIM_LOOKS = (int) (STALE_CLAIM.toSeconds() / CLAIM_POLL.toSeconds()) + 1;

    private final ChainStore store;
    private final Slurm slurm;
    private final Clock clock;
    private final Sleeper sleeper;
    private final String owner;
    private final JobLookup lookup;
    private final ClaimHolders holders;

    JobSubmission(Engine engine) {
        this.store = engine.store();
        this.slurm = engine.slurm();
        this.clock = engine.clock();
        this.sleeper = engine.sleeper();
        this.owner = engine.owner();
        this.lookup = new JobLookup(slurm, engine.sacctZone());
        this.holders = new ClaimHolders(slurm, RoundSubmitter.hostName(), ClaimHolders::startOfProcess);
    }

    /** What became of one job: its Slurm id, or why it is not in Slurm. */
    record Outcome(Optional<String> jobId, Optional<String> error) {
        static Outcome submitted(String id) {
            return new Outcome(Optional.of(id), Optional.empty());
        }

        static Outcome refused(String error) {
            return new Outcome(Optional.empty(), Optional.of(error));
        }
    }

    /**
     * Makes sure {@code job} is in Slurm exactly once, submitted with {@code argv} in {@code workDir}.
     *
     * @throws IllegalStateException when another submitter holds a claim on it that neither ends nor goes stale while
     *     it is waited for (its outcome is waited for, {@link #CLAIM_POLL} apart)
     */
    Outcome ensureSubmitted(JobRecord job, List<String> argv, Path workDir) {
        return ensureSubmitted(job, argv, workDir, Map.of());
    }

    /** {@link #ensureSubmitted(JobRecord, List, Path)} with variables for sbatch's environment (array jobs). */
    Outcome ensureSubmitted(JobRecord job, List<String> argv, Path workDir, Map<String, String> environment) {
        JobRecord current = job;
        for (int look = 0; ; look++) {
            Optional<Outcome> settled = settled(current);
            if (settled.isPresent()) {
                return settled.get();
            }
            JobKey key = current.key();
            if (store.write(tx -> tx.jobs().claim(key, owner, clock.instant(), STALE_CLAIM))) {
                return submitUnderClaim(current, argv, workDir, environment);
            }
            // Another process holds the claim (a handler run by hand while the job's own run submits, or resume):
            // its sbatch answers in seconds, so its outcome is waited for; a claim that goes stale is taken over, and
            // so is, at once, the claim of a holder known to have ended (a guard's dead handler).
            current = store.read(tx -> tx.jobs().find(key)).orElseThrow();
            if (settled(current).isPresent()) {
                continue;
            }
            if (look == 0 && holderHasEnded(current)) {
                String gone = current.claimOwner().orElseThrow();
                if (store.write(tx -> tx.jobs().takeOver(key, owner, gone, clock.instant()))) {
                    return submitUnderClaim(current, argv, workDir, environment);
                }
                continue;
            }
            if (look >= CLAIM_LOOKS) {
                throw new IllegalStateException("job " + current.jobName() + " is being submitted by "
                        + current.claimOwner().orElse("another process") + " since "
                        + current.claimedAt().orElse(null));
            }
            sleeper.pause(CLAIM_POLL, "for another submitter of " + current.jobName());
        }
    }

    /** Whether the process holding the job's SUBMITTING claim is known to have ended (asked once per job). */
    private boolean holderHasEnded(JobRecord job) {
        return job.status() == JobStatus.SUBMITTING && job.claimOwner().isPresent() && job.claimedAt().isPresent()
                && holders.hasEnded(job.claimOwner().get(), job.claimedAt().get());
    }

    /** The job's outcome when it is already in Slurm or will never be. */
    private static Optional<Outcome> settled(JobRecord job) {
        return switch (job.status()) {
            case SUBMITTED -> Optional.of(Outcome.submitted(job.slurmJobId().orElseThrow()));
            case SUBMIT_FAILED, CANCELLED -> Optional.of(Outcome.refused(job.jobName() + ": "
                    + job.lastError().orElse(job.status().name())));
            case INTENDED, SUBMITTING -> Optional.empty();
        };
    }

    private Outcome submitUnderClaim(JobRecord job, List<String> argv, Path workDir, Map<String, String> environment) {
        boolean earlierSubmitterDied = job.status() == JobStatus.SUBMITTING;
        if (earlierSubmitterDied) {
            Optional<String> adopted = lookup.findSubmitted(job);
            if (adopted.isPresent()) {
                return recordAdopted(job, adopted.get());
            }
        }
        String id;
        try {
            id = submitOnce(job, argv, workDir, environment);
        } catch (SlurmException refused) {
            String error = refused.getMessage();
            if (refused.isTransient()) {
                // Slurm did not answer for a while: nothing was refused. The job goes back to INTENDED for the next
                // run, and its tasks get no outcome from the tool's own trouble.
                store.write(tx -> tx.jobs().releaseClaim(job.key(), owner));
                throw new TransientSubmitException(job.jobName() + ": " + error, refused);
            }
            store.write(tx -> tx.jobs().markFailed(job.key(), owner, error));
            return Outcome.refused(job.jobName() + ": " + error);
        }
        boolean stillOurs = store.write(tx -> tx.jobs().markSubmitted(job.key(), owner, id, argv, clock.instant()));
        if (!stillOurs) {
            return afterLosingTheClaim(job, id);
        }
        return Outcome.submitted(id);
    }

    /**
     * The claim was lost while sbatch ran. If the chain was cancelled meanwhile, our job is cancelled too. If sbatch
     * outlasted {@link #STALE_CLAIM} and another submitter recorded a job of its own, ours is a second copy of the
     * same tasks and is cancelled; if it adopted ours (found by name), ours is the job. If it is still at work, ours
     * is left for it to find by name: cancelling it now could make it adopt a cancelled job.
     */
    private Outcome afterLosingTheClaim(JobRecord job, String ourId) {
        JobRecord now = store.read(tx -> tx.jobs().find(job.key())).orElseThrow();
        if (now.status() == JobStatus.CANCELLED) {
            slurm.cancel(List.of(ourId));
            note(job, "cancelled-after-submit", "cancelled job " + ourId + " (" + job.jobName()
                    + "): its chain was cancelled while sbatch ran");
            return Outcome.refused(job.jobName() + ": cancelled with its chain");
        }
        Optional<String> recorded = now.status() == JobStatus.SUBMITTED ? now.slurmJobId() : Optional.empty();
        if (recorded.isPresent()) {
            boolean secondCopy = !recorded.get().equals(ourId);
            if (secondCopy) {
                slurm.cancel(List.of(ourId));
                note(job, "duplicate-cancelled", "cancelled job " + ourId + ", a second copy of " + job.jobName()
                        + " (job " + recorded.get() + ") submitted while another submitter took it over");
            }
            return Outcome.submitted(recorded.get());
        }
        throw new IllegalStateException("job " + job.jobName() + " was taken over by "
                + now.claimOwner().orElse("another submitter") + " while sbatch ran here; left job " + ourId
                + " for it to adopt by name");
    }

    /**
     * sbatch, retried after transient failures. A timed-out sbatch may have submitted the job before its reply was
     * lost, so before each retry the job is looked up by name.
     */
    private String submitOnce(JobRecord job, List<String> argv, Path workDir, Map<String, String> environment) {
        SlurmException last = null;
        for (int attempt = 1; attempt <= SUBMIT_RETRY.maxAttempts(); attempt++) {
            if (last != null) {
                sleeper.pause(SUBMIT_RETRY.delayAfterAttempt(attempt - 1), "to retry sbatch");
                Optional<String> existing = lookup.findSubmitted(job);
                if (existing.isPresent()) {
                    return existing.get();
                }
            }
            try {
                return slurm.submit(argv, workDir, environment);
            } catch (SlurmException failure) {
                if (!failure.isTransient()) {
                    throw failure;
                }
                last = failure;
            }
        }
        throw last;
    }

    private Outcome recordAdopted(JobRecord job, String id) {
        JobKey key = job.key();
        boolean stillOurs = store.write(tx -> {
            boolean ours = tx.jobs().markSubmitted(key, owner, id, tx.jobs().find(key).orElseThrow().argv(),
                    clock.instant());
            if (ours) {
                tx.events().append(key.chainId(), OptionalInt.of(key.round()), "job-adopted", "adopted job " + id
                        + " (" + job.jobName() + ") submitted by a handler that died before recording it",
                        clock.instant());
            }
            return ours;
        });
        return stillOurs ? Outcome.submitted(id) : afterLosingTheClaim(job, id);
    }

    private void note(JobRecord job, String kind, String message) {
        store.write(tx -> {
            tx.events().append(job.key().chainId(), OptionalInt.of(job.key().round()), kind, message,
                    clock.instant());
            return null;
        });
    }
}
