package dev.memescalate.engine;

import dev.memescalate.indexset.IndexSet;
import dev.memescalate.slurm.Slurm;
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
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Submits a planned round: its array jobs, then its handler ({@code afterany} on them) and the handler's guard
 * ({@code afternotok} on the handler). Idempotent: every job was recorded as an intent before, and each is put into
 * Slurm exactly once ({@link JobSubmission}). When sbatch does not answer for a while, {@link
 * TransientSubmitException} leaves the round PLANNED for a later run; only a refusal fails tasks.
 */
public final class RoundSubmitter {
    private static final Path KERNEL_HOST_NAME = Path.of("/proc/sys/kernel/hostname");

    private final ChainStore store;
    private final Slurm slurm;
    private final Clock clock;
    private final JobSubmission submission;
    private final RenumberedRoundFiles roundFiles;

    RoundSubmitter(Engine engine) {
        this.roundFiles = engine.roundFiles();
        this.store = engine.store();
        this.slurm = engine.slurm();
        this.clock = engine.clock();
        this.submission = engine.jobSubmission();
    }

    /** Who submits, as recorded with each claim: host, pid and, in a handler job, its Slurm job id. */
    public static String ownerOfThisProcess(Optional<String> slurmJobId) {
        return hostName() + ":" + ProcessHandle.current().pid() + slurmJobId.map(id -> ":job" + id).orElse("");
    }

    /**
     * This machine's name, for claims and for the chain's record of where it was submitted: the kernel's host name
     * (what {@code hostname} prints), read from /proc on Linux. Elsewhere the JDK's, which first resolves the name
     * (tens of milliseconds of every handler's start, more with a slow DNS).
     */
    public static String hostName() {
        try {
            String kernel = Files.readString(KERNEL_HOST_NAME).strip();
            if (!kernel.isEmpty()) {
                return kernel;
            }
        } catch (IOException | SecurityException noProc) {
            // not Linux: as below
        }
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
        // The round's share of the throttle, as its planner baked it into the arrays' --array=...%n.
        OptionalInt throttle = store.read(tx -> SiblingRounds.throttle(tx, chain, round));
        List<ThrottleShares.Share> shares = ThrottleShares.split(throttle, arrays.size());
        boolean renumbered = arrays.stream().anyMatch(a -> RoundArrays.renumbering(a).isPresent());
        if (renumbered) {
            // Before any sbatch: a task that starts must find the launcher and its line of the map.
            roundFiles.prepare(chain, roundNumber, round.indices());
        }

        Map<Integer, String> submitted = new LinkedHashMap<>();
        List<String> errors = new ArrayList<>();
        IndexSet unsubmitted = IndexSet.empty();
        for (JobRecord array : arrays) {
            JobSubmission.Outcome outcome = submission.ensureSubmitted(array,
                    RoundArgv.array(array, shares, submitted), chain.workDir(),
                    SbatchArgs.arrayEnvironment(chain.id(), round.levels(), round.number(), chain.exports()));
            outcome.error().ifPresent(errors::add);
            if (outcome.jobId().isPresent()) {
                submitted.put(array.key().part(), outcome.jobId().get());
            } else {
                unsubmitted = unsubmitted.union(array.indices().orElseThrow());
            }
        }

        if (submitted.isEmpty()) {
            closeSubmitFailed(chain, round, "could not be submitted: " + String.join("; ", errors));
            return new Result(RoundStatus.SUBMIT_FAILED, submitted, errors);
        }

        List<String> arrayIds = List.copyOf(submitted.values());
        JobRecord handler = jobs.stream()
                .filter(j -> j.key().role() == JobRole.HANDLER && j.key().part() == 0)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("round " + roundNumber + " of chain " + chainId
                        + " has no handler job"));
        JobSubmission.Outcome handlerOutcome = submission.ensureSubmitted(handler,
                RoundArgv.handler(handler, arrayIds), chain.chainDir());
        handlerOutcome.error().ifPresent(errors::add);
        if (handlerOutcome.jobId().isEmpty()) {
            // Arrays without a handler would end with nobody to record or resubmit them: take them back.
            slurm.cancel(arrayIds);
            closeSubmitFailed(chain, round, "its handler job could not be submitted: " + String.join("; ", errors));
            return new Result(RoundStatus.SUBMIT_FAILED, submitted, errors);
        }
        submitGuards(jobs.stream().filter(j -> j.key().role() == JobRole.GUARD).toList(),
                handlerOutcome.jobId().get(), chain);
        Instant now = clock.instant();
        IndexSet refused = unsubmitted;
        boolean recorded = store.write(tx -> {
            boolean weSubmitted = tx.rounds().transition(chainId, roundNumber, RoundStatus.PLANNED,
                    RoundStatus.SUBMITTED, now);
            if (!weSubmitted) {
                return false; // another submitter of this round finished first, or the chain was cancelled
            }
            // In the same transaction as the round's new status: a submitter that dies in between and runs again
            // must neither lose these outcomes nor record them twice.
            if (!refused.isEmpty()) {
                failTasks(tx, chain, round, refused, "could not be submitted: " + String.join("; ", errors));
            }
            tx.chains().transition(chainId, List.of(ChainStatus.SUBMITTING), ChainStatus.RUNNING, Optional.empty());
            tx.events().append(chainId, OptionalInt.of(roundNumber), "round-submitted",
                    "round " + roundNumber + " at level " + round.level() + ": " + round.indices().size()
                            + " task(s) in array job(s) " + String.join(",", arrayIds),
                    now);
            return true;
        });
        RoundStatus status = recorded ? RoundStatus.SUBMITTED
                : store.read(tx -> tx.rounds().find(chainId, roundNumber)).orElseThrow().status();
        return new Result(status, submitted, errors);
    }

    /**
     * Submits a handler's guards in generation order, each {@code afternotok} on the one before (the first on the
     * handler), all at once: a guard that dies while its JVM starts could not submit the next one itself. The run
     * that succeeds cancels the guards still waiting on it ({@link HandlerRun}). A guard that cannot be submitted
     * leaves the rest unguarded, nothing worse: the round goes on, and the failure is recorded.
     */
    private void submitGuards(List<JobRecord> guards, String handlerJobId, ChainRecord chain) {
        String guarded = handlerJobId;
        for (JobRecord guard : guards.stream().sorted(Comparator.comparingInt(g -> g.key().part())).toList()) {
            JobSubmission.Outcome outcome = submission.ensureSubmitted(guard, RoundArgv.guard(guard, guarded),
                    chain.chainDir());
            if (outcome.jobId().isEmpty()) {
                String error = outcome.error().orElse("?");
                store.write(tx -> {
                    tx.events().append(chain.id(), OptionalInt.of(guard.key().round()), "guard-not-submitted",
                            "the handler runs without (all) its guards: " + error, clock.instant());
                    return null;
                });
                return;
            }
            guarded = outcome.jobId().get();
        }
    }

    /**
     * Submits another handler job for a round that is not decided yet (or not done), recorded as the round's next
     * HANDLER part before sbatch runs like every job, with a guard of its own. It waits ({@code afterany}) for the
     * round's arrays that are still in the queue, runs at once when none is, or not before {@code begin} seconds
     * from now when given (a handler that could not read sacct yet runs again later).
     *
     * @param arraysStillQueued the round's array job ids that squeue still lists
     * @param reason why, for the chain's events
     * @return what became of the new handler job
     */
    JobSubmission.Outcome submitRerun(String chainId, int roundNumber, List<String> arraysStillQueued,
            OptionalLong beginSeconds, ChainLimits limits, String reason) {
        ChainRecord chain = store.read(tx -> tx.chains().find(chainId)).orElseThrow();
        Instant now = clock.instant();
        List<JobRecord> planned = store.write(tx -> {
            List<JobRecord> roundJobs = tx.jobs().forRound(chainId, roundNumber);
            int handlerPart = nextPart(roundJobs, JobRole.HANDLER);
            int guardPart = nextPart(roundJobs, JobRole.GUARD);
            List<JobRecord> jobs = new ArrayList<>();
            jobs.add(RoundPlanner.handlerIntent(chain, roundNumber, handlerPart, limits.handlerResources(), now));
            for (int generation = 1; generation <= limits.guardResources().size(); generation++) {
                jobs.add(RoundPlanner.guardIntent(chain, roundNumber, guardPart + generation - 1, generation, limits,
                        now));
            }
            jobs.forEach(tx.jobs()::insert);
            tx.events().append(chainId, OptionalInt.of(roundNumber), "handler-rerun", "submitting handler "
                    + jobs.get(0).jobName() + (beginSeconds.isPresent() ? " to run in " + beginSeconds.getAsLong()
                    + " s" : arraysStillQueued.isEmpty() ? " to run now" : " after array job(s) "
                    + String.join(",", arraysStillQueued)) + ": " + reason, now);
            return jobs;
        });
        JobRecord handler = planned.get(0);
        List<String> argv = arraysStillQueued.isEmpty()
                ? handler.argv()
                : RoundArgv.handler(handler, arraysStillQueued);
        if (beginSeconds.isPresent()) {
            argv = SbatchArgs.withBegin(argv, beginSeconds.getAsLong());
        }
        JobSubmission.Outcome outcome = submission.ensureSubmitted(handler, argv, chain.chainDir());
        outcome.jobId().ifPresent(id -> submitGuards(planned.subList(1, planned.size()), id, chain));
        return outcome;
    }

    private static int nextPart(List<JobRecord> jobs, JobRole role) {
        return jobs.stream().filter(j -> j.key().role() == role).mapToInt(j -> j.key().part()).max().orElse(-1) + 1;
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
                return null; // another submitter of this round finished first, or the chain was cancelled
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
