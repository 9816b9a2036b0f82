package dev.memescalate.engine;

import dev.memescalate.indexset.IndexSet;
import dev.memescalate.slurm.QueueQuery;
import dev.memescalate.slurm.QueuedJob;
import dev.memescalate.slurm.Retry;
import dev.memescalate.slurm.Sleeper;
import dev.memescalate.slurm.Slurm;
import dev.memescalate.slurm.SlurmException;
import dev.memescalate.store.ChainRecord;
import dev.memescalate.store.ChainStatus;
import dev.memescalate.store.ChainStore;
import dev.memescalate.store.FinalOutcome;
import dev.memescalate.store.JobKey;
import dev.memescalate.store.JobRecord;
import dev.memescalate.store.JobRole;
import dev.memescalate.store.JobStatus;
import dev.memescalate.store.RoundRecord;
import dev.memescalate.store.RoundStatus;
import dev.memescalate.store.StoreTransaction;
import dev.memescalate.store.TaskOutcomeRecord;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Submits a planned round: its array jobs, then its handler (and finalizer) depending on them. Idempotent: every job
 * was recorded as an intent before; a job already submitted is skipped, a job whose submitter died mid-sbatch is
 * looked up by its name and adopted rather than submitted twice.
 */
public final class RoundSubmitter {
    /** A SUBMITTING claim older than this belongs to a submitter that died: sbatch answers in seconds. */
    static final Duration STALE_CLAIM = Duration.ofMinutes(2);
    /** Attempts of one sbatch after transient failures (controller unreachable, timeouts). */
    static final Retry SUBMIT_RETRY = new Retry(5, Duration.ofSeconds(2), Duration.ofSeconds(30));

    private final ChainStore store;
    private final Slurm slurm;
    private final Clock clock;
    private final Sleeper sleeper;
    private final String owner;

    /**
     * @param owner who submits, recorded with each claim (host, pid, Slurm job id)
     */
    public RoundSubmitter(ChainStore store, Slurm slurm, Clock clock, Sleeper sleeper, String owner) {
        this.store = store;
        this.slurm = slurm;
        this.clock = clock;
        this.sleeper = sleeper;
        this.owner = owner;
    }

    /** Who submits, as recorded with each claim: host, pid and, in a handler job, its Slurm job id. */
    public static String ownerOfThisProcess(Optional<String> slurmJobId) {
        return hostName() + ":" + ProcessHandle.current().pid() + slurmJobId.map(id -> ":job" + id).orElse("");
    }

    /** This machine's name, for claims and for the chain's record of where it was submitted. */
    public static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }

    /** What became of a round's submission. */
    public record Result(RoundStatus status, Map<Integer, String> arrayJobIds, List<String> errors) {
        public Result {
            arrayJobIds = Map.copyOf(arrayJobIds);
            errors = List.copyOf(errors);
        }
    }

    /** Submits every job of the round not yet in Slurm. Does nothing to a round that is past PLANNED. */
    public Result submit(String chainId, int roundNumber) {
        ChainRecord chain = store.read(tx -> tx.chains().find(chainId)).orElseThrow(
                () -> new IllegalStateException("no chain " + chainId + " in " + store.file()));
        RoundRecord round = store.read(tx -> tx.rounds().find(chainId, roundNumber)).orElseThrow(
                () -> new IllegalStateException("chain " + chainId + " has no round " + roundNumber));
        if (round.status() != RoundStatus.PLANNED) {
            return new Result(round.status(), Map.of(), List.of());
        }
        List<JobRecord> jobs = store.read(tx -> tx.jobs().forRound(chainId, roundNumber));
        List<JobRecord> arrays = jobs.stream()
                .filter(j -> j.key().role() == JobRole.ARRAY)
                .sorted(Comparator.comparingInt(j -> j.key().part()))
                .toList();
        List<ThrottleShares.Share> shares = ThrottleShares.split(chain.throttle(), arrays.size());

        Map<Integer, String> submitted = new LinkedHashMap<>();
        List<String> errors = new ArrayList<>();
        IndexSet unsubmitted = IndexSet.empty();
        for (JobRecord array : arrays) {
            int part = array.key().part();
            OptionalInt waitsFor = shares.get(part).waitsForPart();
            List<String> argv = array.argv();
            if (waitsFor.isPresent() && submitted.containsKey(waitsFor.getAsInt())) {
                argv = SbatchArgs.withDependency(argv, "afterany:" + submitted.get(waitsFor.getAsInt()));
            }
            Optional<String> id = ensureSubmitted(array, argv, chain.workDir(), errors);
            if (id.isPresent()) {
                submitted.put(part, id.get());
            } else {
                unsubmitted = unsubmitted.union(array.indices().orElseThrow());
            }
        }

        if (submitted.isEmpty()) {
            closeSubmitFailed(chain, round, "could not be submitted: " + String.join("; ", errors));
            return new Result(RoundStatus.SUBMIT_FAILED, submitted, errors);
        }

        List<String> arrayIds = List.copyOf(submitted.values());
        List<JobRecord> handlers = jobs.stream()
                .filter(j -> j.key().role() != JobRole.ARRAY)
                .sorted(Comparator.comparing(j -> j.key().role()))
                .toList();
        boolean splitRound = arrays.size() > 1;
        boolean handlerSubmitted = false;
        List<String> handlerSideIds = new ArrayList<>();
        for (JobRecord handler : handlers) {
            SbatchArgs.HandlerRole role = handler.key().role() == JobRole.FINALIZER
                    ? SbatchArgs.HandlerRole.FINALIZER
                    : SbatchArgs.HandlerRole.HANDLER;
            // Whether the round is split is fixed by its plan, not by how many of its arrays sbatch accepted.
            String dependency = SbatchArgs.handlerDependency(role, splitRound, arrayIds);
            List<String> argv = SbatchArgs.withDependency(handler.argv(), dependency);
            Optional<String> id = ensureSubmitted(handler, argv, chain.chainDir(), errors);
            id.ifPresent(handlerSideIds::add);
            handlerSubmitted |= id.isPresent() && role == SbatchArgs.HandlerRole.HANDLER;
        }
        if (!handlerSubmitted) {
            // Arrays without a handler would end with nobody to record or resubmit them: take them back, and the
            // finalizer if it got in (it would only wait for them).
            List<String> takeBack = new ArrayList<>(arrayIds);
            takeBack.addAll(handlerSideIds);
            slurm.cancel(takeBack);
            closeSubmitFailed(chain, round, "its handler job could not be submitted: " + String.join("; ", errors));
            return new Result(RoundStatus.SUBMIT_FAILED, submitted, errors);
        }
        Instant now = clock.instant();
        IndexSet refused = unsubmitted;
        store.write(tx -> {
            boolean weSubmitted = tx.rounds().transition(chainId, roundNumber, RoundStatus.PLANNED,
                    RoundStatus.SUBMITTED, now);
            if (!weSubmitted) {
                return null; // another submitter of this round finished first and recorded everything
            }
            // In the same transaction as the round's new status: a submitter that dies in between and runs again
            // must neither lose these outcomes nor record them twice.
            if (!refused.isEmpty()) {
                failTasks(tx, chain, round, refused, "could not be submitted: " + String.join("; ", errors));
            }
            if (tx.chains().find(chainId).map(ChainRecord::status).orElseThrow() == ChainStatus.SUBMITTING) {
                tx.chains().updateStatus(chainId, ChainStatus.RUNNING, Optional.empty());
            }
            tx.events().append(chainId, OptionalInt.of(roundNumber), "round-submitted",
                    "round " + roundNumber + " at level " + round.level() + ": " + round.indices().size()
                            + " task(s) in array job(s) " + String.join(",", arrayIds),
                    now);
            return null;
        });
        return new Result(RoundStatus.SUBMITTED, submitted, errors);
    }

    /**
     * Makes sure {@code job} is in Slurm exactly once and returns its job id, or empty when sbatch refused it (the
     * reason is added to {@code errors}).
     */
    private Optional<String> ensureSubmitted(JobRecord job, List<String> argv, Path workDir, List<String> errors) {
        if (job.status() == JobStatus.SUBMITTED) {
            return job.slurmJobId();
        }
        if (job.status() == JobStatus.SUBMIT_FAILED || job.status() == JobStatus.CANCELLED) {
            errors.add(job.jobName() + ": " + job.lastError().orElse(job.status().name()));
            return Optional.empty();
        }
        boolean claimed = store.write(tx -> tx.jobs().claim(job.key(), owner, clock.instant(), STALE_CLAIM));
        if (!claimed) {
            JobRecord now = store.read(tx -> tx.jobs().find(job.key())).orElseThrow();
            if (now.status() == JobStatus.SUBMITTED) {
                return now.slurmJobId();
            }
            throw new IllegalStateException("job " + job.jobName() + " is being submitted by "
                    + now.claimOwner().orElse("another process") + " since " + now.claimedAt().orElse(null));
        }
        boolean earlierSubmitterDied = job.status() == JobStatus.SUBMITTING;
        if (earlierSubmitterDied) {
            Optional<String> adopted = findSubmitted(job);
            if (adopted.isPresent()) {
                recordAdopted(job.key(), adopted.get(), "adopted job " + adopted.get() + " (" + job.jobName()
                        + ") submitted by a handler that died before recording it");
                return adopted;
            }
        }
        String id;
        try {
            id = submitOnce(job, argv, workDir);
        } catch (SlurmException refused) {
            String error = refused.getMessage();
            store.write(tx -> tx.jobs().markFailed(job.key(), owner, error));
            errors.add(job.jobName() + ": " + error);
            return Optional.empty();
        }
        boolean stillOurs = store.write(tx -> tx.jobs().markSubmitted(job.key(), owner, id, argv, clock.instant()));
        if (!stillOurs) {
            return afterLosingTheClaim(job, id);
        }
        return Optional.of(id);
    }

    /**
     * sbatch outlasted {@link #STALE_CLAIM} and another submitter took the job over while it ran. If that one
     * recorded a job of its own, ours is a second copy of the same tasks and is cancelled; if it adopted ours (found
     * by name), ours is the job. If it is still at work, ours is left for it to find by name: cancelling it now could
     * make it adopt a cancelled job.
     */
    private Optional<String> afterLosingTheClaim(JobRecord job, String ourId) {
        JobRecord now = store.read(tx -> tx.jobs().find(job.key())).orElseThrow();
        Optional<String> recorded = now.status() == JobStatus.SUBMITTED ? now.slurmJobId() : Optional.empty();
        if (recorded.isPresent()) {
            boolean secondCopy = !recorded.get().equals(ourId);
            if (secondCopy) {
                slurm.cancel(List.of(ourId));
                store.write(tx -> {
                    tx.events().append(job.key().chainId(), OptionalInt.of(job.key().round()), "duplicate-cancelled",
                            "cancelled job " + ourId + ", a second copy of " + job.jobName() + " (job "
                                    + recorded.get() + ") submitted while another submitter took it over",
                            clock.instant());
                    return null;
                });
            }
            return recorded;
        }
        throw new IllegalStateException("job " + job.jobName() + " was taken over by "
                + now.claimOwner().orElse("another submitter") + " while sbatch ran here; left job " + ourId
                + " for it to adopt by name");
    }

    /**
     * sbatch, retried after transient failures. A timed-out sbatch may have submitted the job before its reply was
     * lost, so before each retry the job is looked up by name.
     */
    private String submitOnce(JobRecord job, List<String> argv, Path workDir) {
        SlurmException last = null;
        for (int attempt = 1; attempt <= SUBMIT_RETRY.maxAttempts(); attempt++) {
            if (last != null) {
                sleeper.pause(SUBMIT_RETRY.delayAfterAttempt(attempt - 1), "to retry sbatch");
                Optional<String> existing = findSubmitted(job);
                if (existing.isPresent()) {
                    return existing.get();
                }
            }
            try {
                return slurm.submit(argv, workDir);
            } catch (SlurmException failure) {
                if (!failure.isTransient()) {
                    throw failure;
                }
                last = failure;
            }
        }
        throw last;
    }

    /** A job of this name submitted since the intent was recorded: from squeue, or sacct once it has left squeue. */
    Optional<String> findSubmitted(JobRecord job) {
        try {
            List<QueuedJob> queued = slurm.queue(QueueQuery.byNames(Set.of(job.jobName())).includingFinished());
            if (!queued.isEmpty()) {
                return Optional.of(queued.get(0).arrayJobId());
            }
            String since = AccountingReader.sacctTime(job.intendedAt().minus(1, ChronoUnit.MINUTES));
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

    private void recordAdopted(JobKey key, String id, String message) {
        store.write(tx -> {
            tx.jobs().markSubmitted(key, owner, id, tx.jobs().find(key).orElseThrow().argv(), clock.instant());
            tx.events().append(key.chainId(), OptionalInt.of(key.round()), "job-adopted", message, clock.instant());
            return null;
        });
    }

    /**
     * Ends a round none of whose tasks can run, in one transaction: the round SUBMIT_FAILED, every task FAILED with
     * the reason, and every job of it not left in Slurm (never submitted, or just cancelled) CANCELLED, so that
     * nothing of the round is left looking as if it were still to be submitted or running.
     */
    private void closeSubmitFailed(ChainRecord chain, RoundRecord round, String reason) {
        Instant now = clock.instant();
        store.write(tx -> {
            boolean weClose = tx.rounds().transition(chain.id(), round.number(), RoundStatus.PLANNED,
                    RoundStatus.SUBMIT_FAILED, now);
            if (!weClose) {
                return null; // another submitter of this round finished first and recorded everything
            }
            for (JobRecord job : tx.jobs().forRound(chain.id(), round.number())) {
                boolean notInSlurm = job.status() == JobStatus.INTENDED || job.status() == JobStatus.SUBMITTED;
                if (notInSlurm) {
                    tx.jobs().markCancelled(job.key());
                }
            }
            failTasks(tx, chain, round, round.indices(), reason);
            return null;
        });
    }

    /** Tasks that cannot run end FAILED with the reason: nothing the user submitted is silently dropped. */
    private void failTasks(StoreTransaction tx, ChainRecord chain, RoundRecord round, IndexSet indices,
            String reason) {
        List<TaskOutcomeRecord> outcomes = indices.stream()
                .mapToObj(i -> new TaskOutcomeRecord(chain.id(), i, FinalOutcome.FAILED, round.number(),
                        round.level(), reason))
                .toList();
        tx.outcomes().insert(outcomes);
        tx.events().append(chain.id(), OptionalInt.of(round.number()), "submit-failed",
                indices.size() + " task(s) of round " + round.number() + " " + reason, clock.instant());
    }
}
