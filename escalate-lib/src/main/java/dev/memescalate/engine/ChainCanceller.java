package dev.memescalate.engine;

import dev.memescalate.config.EscalationConfig;
import dev.memescalate.indexset.IndexSet;
import dev.memescalate.policy.Outcome;
import dev.memescalate.slurm.SlurmException;
import dev.memescalate.store.AttemptRecord;
import dev.memescalate.store.ChainRecord;
import dev.memescalate.store.ChainStatus;
import dev.memescalate.store.FinalOutcome;
import dev.memescalate.store.JobRecord;
import dev.memescalate.store.JobRole;
import dev.memescalate.store.JobStatus;
import dev.memescalate.store.RoundRecord;
import dev.memescalate.store.RoundStatus;
import dev.memescalate.store.StoreTransaction;
import dev.memescalate.store.TaskOutcomeRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code mem-escalate cancel}: ends a chain the user no longer wants. In order:
 * <ol>
 *   <li>the chain becomes CANCELLED and every job not yet in Slurm is marked CANCELLED, in one transaction, so that
 *       no handler or submitter starts anything after it (a submitter whose sbatch was under way cancels its job);</li>
 *   <li>every job of the chain's active rounds that is in Slurm is cancelled by its stored id: arrays, handlers,
 *       finalizers, never a job of another chain;</li>
 *   <li>one sacct call tells which tasks of the cancelled rounds had ended before; they are recorded as attempts, and
 *       each task without an outcome ends COMPLETED when Slurm says it completed, else CANCELLED.</li>
 * </ol>
 * Safe to run twice, or after a cancel that was interrupted: each step only does what is left.
 */
public final class ChainCanceller {
    /** How long the one sacct call may wait for the cancelled tasks' rows. */
    static final Duration SACCT_WAIT = Duration.ofSeconds(15);

    private final Engine engine;

    ChainCanceller(Engine engine) {
        this.engine = engine;
    }

    /**
     * What cancel did.
     *
     * @param alreadyEnded the chain had ended before (then nothing was done but finishing an interrupted cancel)
     * @param cancelledJobIds the Slurm jobs scancel was asked to cancel
     * @param cancelledTasks tasks that ended CANCELLED now
     * @param completedTasks tasks of the cancelled rounds that Slurm says had completed
     * @param problems what went wrong on the way (scancel or sacct failing); the chain is cancelled anyway
     */
    public record Result(ChainStatus statusBefore, boolean alreadyEnded, List<String> cancelledJobIds,
            int cancelledTasks, int completedTasks, List<String> problems) {
        public Result {
            cancelledJobIds = List.copyOf(cancelledJobIds);
            problems = List.copyOf(problems);
        }
    }

    public Result cancel(String chainId) {
        Instant now = engine.clock().instant();
        ChainRecord before = engine.store().read(tx -> tx.chains().find(chainId)).orElseThrow(
                () -> new IllegalStateException("no chain " + chainId + " in " + engine.store().file()));
        boolean weCancel = engine.store().write(tx -> {
            boolean moved = tx.chains().transition(chainId, List.of(ChainStatus.SUBMITTING, ChainStatus.RUNNING),
                    ChainStatus.CANCELLED, Optional.of(now));
            if (moved) {
                tx.events().append(chainId, OptionalInt.empty(), "chain-cancelled", "cancelled by the user", now);
            }
            if (moved || tx.chains().find(chainId).orElseThrow().status() == ChainStatus.CANCELLED) {
                for (JobRecord job : tx.jobs().forChain(chainId)) {
                    boolean notInSlurmYet = job.status() == JobStatus.INTENDED || job.status() == JobStatus.SUBMITTING;
                    if (notInSlurmYet) {
                        tx.jobs().markCancelled(job.key());
                    }
                }
            }
            return moved;
        });
        ChainStatus status = engine.store().read(tx -> tx.chains().find(chainId)).orElseThrow().status();
        boolean activeRounds = engine.store().read(tx -> tx.rounds().hasActive(chainId));
        if (status != ChainStatus.CANCELLED || (!weCancel && !activeRounds)) {
            return new Result(before.status(), true, List.of(), 0, 0, List.of());
        }

        List<String> problems = new ArrayList<>();
        List<RoundRecord> active = engine.store().read(tx -> tx.rounds().forChain(chainId)).stream()
                .filter(r -> r.status().isActive())
                .toList();
        List<JobRecord> inSlurm = engine.store().read(tx -> tx.jobs().forChain(chainId)).stream()
                .filter(j -> j.status() == JobStatus.SUBMITTED)
                .filter(j -> active.stream().anyMatch(r -> r.number() == j.key().round()))
                .toList();
        List<String> ids = inSlurm.stream().map(j -> j.slurmJobId().orElseThrow()).toList();
        try {
            engine.slurm().cancel(ids);
        } catch (SlurmException failed) {
            problems.add("scancel failed: " + failed.getMessage());
        }

        ChainRecord chain = engine.store().read(tx -> tx.chains().find(chainId)).orElseThrow();
        EscalationConfig config = ChainConfig.of(chain);
        Map<Integer, TaskClassifier.Judgement> judged = new HashMap<>();
        for (RoundRecord round : active) {
            if (round.status() == RoundStatus.SUBMITTED) {
                judge(chain, config, round, inSlurm, problems).ifPresent(j -> judged.put(round.number(), j));
            }
        }
        int[] counts = engine.store().write(tx -> record(tx, chain, judged, engine.clock().instant()));
        if (weCancel) {
            Map<FinalOutcome, Integer> outcomes = engine.store().read(tx -> tx.outcomes().counts(chainId));
            engine.notifier().chainEnded(new ChainCloser.ChainEnd(chain, ChainStatus.CANCELLED,
                    chain.indices().size(), outcomes, "cancelled by the user"), config);
        }
        return new Result(before.status(), false, ids, counts[0], counts[1], problems);
    }

    /** What sacct says of a cancelled round's tasks: those that ended before are recorded as they ended. */
    private Optional<TaskClassifier.Judgement> judge(ChainRecord chain, EscalationConfig config, RoundRecord round,
            List<JobRecord> inSlurm, List<String> problems) {
        Map<String, IndexSet> expected = new LinkedHashMap<>();
        List<JobRecord> arrays = inSlurm.stream()
                .filter(j -> j.key().round() == round.number() && j.key().role() == JobRole.ARRAY)
                .sorted(java.util.Comparator.comparingInt(j -> j.key().part()))
                .toList();
        arrays.forEach(j -> expected.put(j.slurmJobId().orElseThrow(), j.indices().orElseThrow()));
        if (expected.isEmpty()) {
            return Optional.empty();
        }
        AccountingReader.Reading reading = engine.accountingReader(SACCT_WAIT)
                .read(expected, RoundArrays.renumbered(arrays), round.createdAt()); // see RoundHandler.observe
        if (reading.accounting().isEmpty()) {
            problems.add("sacct for round " + round.number() + ": " + reading.lastProblem().orElse("no answer"));
            return Optional.empty();
        }
        return Optional.of(new TaskClassifier(config, chain.workDir(), engine.fileExists())
                .judge(round, reading, SACCT_WAIT.toSeconds()));
    }

    /**
     * Ends every active round in one transaction: PLANNED and SUBMITTED rounds become CANCELLED (a DECIDED one DONE:
     * its decision stands), and every task of them without an outcome gets one.
     *
     * @return {cancelled tasks, completed tasks}
     */
    private static int[] record(StoreTransaction tx, ChainRecord chain, Map<Integer, TaskClassifier.Judgement> judged,
            Instant now) {
        IndexSet settled = tx.outcomes().settledIndices(chain.id());
        int cancelled = 0;
        int completed = 0;
        List<TaskOutcomeRecord> outcomes = new ArrayList<>();
        List<AttemptRecord> attempts = new ArrayList<>();
        for (RoundRecord round : tx.rounds().forChain(chain.id())) {
            if (round.status() == RoundStatus.DECIDED) {
                tx.rounds().transition(chain.id(), round.number(), RoundStatus.DECIDED, RoundStatus.DONE, now);
                continue;
            }
            boolean cutShort = round.status() == RoundStatus.PLANNED || round.status() == RoundStatus.SUBMITTED;
            if (!cutShort) {
                continue;
            }
            boolean wasSubmitted = round.status() == RoundStatus.SUBMITTED;
            tx.rounds().transition(chain.id(), round.number(), round.status(), RoundStatus.CANCELLED, now);
            Map<Integer, AttemptRecord> attemptByIndex = new HashMap<>();
            TaskClassifier.Judgement judgement = wasSubmitted ? judged.get(round.number()) : null;
            if (judgement != null) {
                for (AttemptRecord a : judgement.attempts(chain.id(), round)) {
                    boolean ended = !a.state().equals("UNKNOWN") && a.outcome() != Outcome.NOT_FINISHED;
                    if (ended) {
                        attemptByIndex.put(a.index(), a);
                    }
                }
            }
            for (int index : round.indices().minus(settled).toArray()) {
                AttemptRecord attempt = attemptByIndex.get(index);
                if (attempt != null) {
                    attempts.add(attempt);
                }
                boolean didComplete = attempt != null && attempt.outcome() == Outcome.COMPLETED;
                if (didComplete) {
                    completed++;
                    outcomes.add(new TaskOutcomeRecord(chain.id(), index, FinalOutcome.COMPLETED, round.number(),
                            round.level(), "completed"));
                } else {
                    cancelled++;
                    outcomes.add(new TaskOutcomeRecord(chain.id(), index, FinalOutcome.CANCELLED, round.number(),
                            round.level(), "the chain was cancelled" + (attempt == null ? ""
                                    : " (its attempt in round " + round.number() + " ended " + attempt.rawState()
                                            + ")")));
                }
            }
            settled = settled.union(round.indices());
        }
        tx.attempts().insert(attempts);
        tx.outcomes().insert(outcomes);
        Map<FinalOutcome, Integer> counts = new EnumMap<>(tx.outcomes().counts(chain.id()));
        tx.events().append(chain.id(), OptionalInt.empty(), "chain-cancelled", cancelled + " task(s) cancelled, "
                + completed + " had completed; the chain now has " + counts, now);
        return new int[] {cancelled, completed};
    }
}
