package dev.memescalate.engine;

import dev.memescalate.config.EscalationConfig;
import dev.memescalate.indexset.IndexSet;
import dev.memescalate.ladder.Ladder;
import dev.memescalate.ladder.TimeLimit;
import dev.memescalate.slurm.Slurm;
import dev.memescalate.slurm.SlurmException;
import dev.memescalate.store.ChainRecord;
import dev.memescalate.store.ChainStatus;
import dev.memescalate.store.ChainStore;
import dev.memescalate.store.FinalOutcome;
import dev.memescalate.store.JobRecord;
import dev.memescalate.store.JobRole;
import dev.memescalate.store.JobStatus;
import dev.memescalate.store.RoundKind;
import dev.memescalate.store.RoundRecord;
import dev.memescalate.store.RoundStatus;
import dev.memescalate.store.StoreTransaction;
import dev.memescalate.store.TaskOutcomeRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a handler job does when a round's arrays have ended: observe (sacct), decide (state policy, ladder), record
 * (every attempt and final outcome, and the next rounds as intents, in one transaction), submit the next rounds, and
 * end the chain when nothing is left to run.
 *
 * <p>Safe to run twice for the same round, or again after dying at any point: the round's status moves
 * SUBMITTED -> DECIDED -> DONE by compare-and-set, and the next rounds' jobs are submitted idempotently.
 */
public final class RoundHandler {
    private final Engine engine;
    private final ChainStore store;
    private final Slurm slurm;
    private final Clock clock;
    private final RoundSubmitter submitter;

    RoundHandler(Engine engine) {
        this.engine = engine;
        this.store = engine.store();
        this.slurm = engine.slurm();
        this.clock = engine.clock();
        this.submitter = engine.submitter();
    }

    /** How the handling ended, for the handler's log. */
    public record Result(RoundStatus roundStatus, Optional<RoundDecision> decision, List<Integer> nextRounds,
            Optional<ChainStatus> chainEnded) {
        public Result {
            nextRounds = List.copyOf(nextRounds);
        }
    }

    /**
     * @param selfJobId the Slurm job id this handler runs as (its sibling handler/finalizer is cancelled, not itself)
     */
    public Result handle(String chainId, int roundNumber, Optional<String> selfJobId) {
        ChainRecord chain = store.read(tx -> tx.chains().find(chainId)).orElseThrow(
                () -> new IllegalStateException("no chain " + chainId + " in " + store.file()));
        RoundRecord round = store.read(tx -> tx.rounds().find(chainId, roundNumber)).orElseThrow(
                () -> new IllegalStateException("chain " + chainId + " has no round " + roundNumber));
        EscalationConfig config = ChainConfig.of(chain);

        Optional<RoundDecision> decision = Optional.empty();
        if (round.status() == RoundStatus.PLANNED) {
            throw new IllegalStateException("round " + roundNumber + " of chain " + chainId
                    + " was never submitted; its handler cannot run (resume the chain instead)");
        }
        if (round.status() == RoundStatus.SUBMITTED) {
            cancelSiblings(chainId, roundNumber, selfJobId);
            decision = Optional.of(observeAndDecide(chain, round, config));
        }
        List<Integer> next = submitChildren(chainId, roundNumber);
        Instant now = clock.instant();
        Optional<ChainCloser.ChainEnd> ended = store.write(tx -> {
            tx.rounds().transition(chainId, roundNumber, RoundStatus.DECIDED, RoundStatus.DONE, now);
            return ChainCloser.endIfFinished(tx, chain, now);
        });
        ended.ifPresent(end -> engine.notifier().chainEnded(end, config));
        RoundStatus finalStatus = store.read(tx -> tx.rounds().find(chainId, roundNumber)).orElseThrow().status();
        return new Result(finalStatus, decision, next, ended.map(ChainCloser.ChainEnd::status));
    }

    /** The handler and the finalizer of a one-array round: whichever runs cancels the other, by its stored id. */
    private void cancelSiblings(String chainId, int roundNumber, Optional<String> selfJobId) {
        List<JobRecord> siblings = store.read(tx -> tx.jobs().forRound(chainId, roundNumber)).stream()
                .filter(j -> j.key().role() != JobRole.ARRAY && j.status() == JobStatus.SUBMITTED)
                .filter(j -> selfJobId.map(self -> !self.equals(j.slurmJobId().orElseThrow())).orElse(true))
                .toList();
        if (siblings.isEmpty()) {
            return;
        }
        List<String> ids = siblings.stream().map(j -> j.slurmJobId().orElseThrow()).toList();
        try {
            slurm.cancel(ids);
            store.write(tx -> {
                siblings.forEach(j -> tx.jobs().markCancelled(j.key()));
                return null;
            });
        } catch (SlurmException notCancelled) {
            // Slurm removes it anyway once its dependency can never be met (--kill-on-invalid-dep=yes).
            store.write(tx -> {
                tx.events().append(chainId, OptionalInt.of(roundNumber), "cancel-failed",
                        "could not cancel " + ids + ": " + notCancelled.getMessage(), clock.instant());
                return null;
            });
        }
    }

    private RoundDecision observeAndDecide(ChainRecord chain, RoundRecord round, EscalationConfig config) {
        List<JobRecord> arrays = store.read(tx -> tx.jobs().forRound(chain.id(), round.number())).stream()
                .filter(j -> j.key().role() == JobRole.ARRAY && j.status() == JobStatus.SUBMITTED)
                .toList();
        Map<String, IndexSet> expected = new LinkedHashMap<>();
        for (JobRecord array : arrays) {
            expected.put(array.slurmJobId().orElseThrow(), array.indices().orElseThrow());
        }
        Instant submittedAt = round.submittedAt().orElse(round.createdAt());
        ChainLimits limits = ChainLimits.read(slurm, config);
        Duration waitLimit = sacctWaitLimit(config.sacctTimeout(), limits.handlerResources().time());
        AccountingReader.Reading reading = engine.accountingReader(waitLimit).read(expected, submittedAt);
        TaskClassifier.Judgement judged = new TaskClassifier(config, chain.workDir(), engine.fileExists(),
                engine.sacctZone())
                .judge(chain.id(), round, expected, reading, waitLimit.toSeconds());

        Ladder ladder = config.ladder();
        int highestAllowed = Math.min(ladder.topLevel(), chain.maxLevel());
        Map<Integer, Integer> earlierRetries = store.read(
                tx -> tx.attempts().sameLevelRetryCounts(chain.id(), round.indices(), round.number()));
        RoundDecision decision = new RoundDecider(highestAllowed, config.maxSameLevelRetries())
                .decide(round.level(), judged.verdicts(), earlierRetries);

        Instant now = clock.instant();
        store.write(tx -> {
            boolean weDecide = tx.rounds().transition(chain.id(), round.number(), RoundStatus.SUBMITTED,
                    RoundStatus.DECIDED, now);
            if (!weDecide) {
                return null; // another run of this handler decided first, or the chain was cancelled
            }
            tx.attempts().insert(judged.attempts());
            tx.outcomes().insert(finalOutcomes(chain.id(), round, decision));
            // A chain that has ended (the user cancelled it while this round ran) gets no new rounds: what happened
            // is recorded, nothing more is submitted.
            boolean chainEnded = tx.chains().find(chain.id()).orElseThrow().status().isTerminal();
            if (chainEnded && !decision.nothingLeftToRun()) {
                tx.events().append(chain.id(), OptionalInt.of(round.number()), "not-resubmitted",
                        (decision.escalate().size() + decision.retry().size()) + " task(s) of round "
                                + round.number() + " would run again, but the chain has ended", now);
            }
            if (!chainEnded && !decision.escalate().isEmpty()) {
                planChild(tx, chain, round, ladder, decision.escalateLevel(), decision.escalate(),
                        RoundKind.ESCALATE, round.excludeNodes(), limits, now);
            }
            if (!chainEnded && !decision.retry().isEmpty()) {
                planChild(tx, chain, round, ladder, round.level(), decision.retry(), RoundKind.RETRY,
                        judged.failedNodes(), limits, now);
            }
            tx.events().append(chain.id(), OptionalInt.of(round.number()), "round-decided", summary(round, decision,
                    reading), now);
            return null;
        });
        return decision;
    }

    /**
     * How long to wait for sacct: the config's {@code sacct_timeout}, but at most 60% of the handler's own time
     * limit, so that the handler still records and submits before Slurm kills it.
     */
    static Duration sacctWaitLimit(Duration configured, TimeLimit handlerTime) {
        Duration withinHandler = handlerTime.toDuration().multipliedBy(6).dividedBy(10);
        return configured.compareTo(withinHandler) < 0 ? configured : withinHandler;
    }

    private static void planChild(StoreTransaction tx, ChainRecord chain, RoundRecord parent, Ladder ladder,
            int level, IndexSet indices, RoundKind kind, List<String> excludeNodes, ChainLimits limits, Instant now) {
        int number = tx.rounds().nextNumber(chain.id());
        RoundPlanner.PlannedRound planned = RoundPlanner.plan(chain, number, ladder.level(level), indices,
                OptionalInt.of(parent.number()), kind, excludeNodes, limits.handlerResources(),
                limits.arrayLimits(), now);
        tx.rounds().insert(planned.round());
        planned.jobs().forEach(tx.jobs()::insert);
    }

    private List<Integer> submitChildren(String chainId, int roundNumber) {
        List<Integer> children = store.read(tx -> tx.rounds().childNumbers(chainId, roundNumber));
        children.forEach(child -> submitter.submit(chainId, child));
        return children;
    }

    private static List<TaskOutcomeRecord> finalOutcomes(String chainId, RoundRecord round, RoundDecision d) {
        List<TaskOutcomeRecord> outcomes = new ArrayList<>(d.completed().size() + d.failed().size()
                + d.exhausted().size());
        d.completed().stream().forEach(i -> outcomes.add(new TaskOutcomeRecord(chainId, i, FinalOutcome.COMPLETED,
                round.number(), round.level(), "completed")));
        d.failed().stream().forEach(i -> outcomes.add(new TaskOutcomeRecord(chainId, i, FinalOutcome.FAILED,
                round.number(), round.level(), d.reasons().getOrDefault(i, "failed"))));
        d.exhausted().stream().forEach(i -> outcomes.add(new TaskOutcomeRecord(chainId, i, FinalOutcome.EXHAUSTED,
                round.number(), round.level(), d.reasons().getOrDefault(i, "exhausted"))));
        return outcomes;
    }

    private static String summary(RoundRecord round, RoundDecision d, AccountingReader.Reading reading) {
        return "round " + round.number() + " (level " + round.level() + ", " + d.taskCount() + " task(s)): "
                + d.completed().size() + " completed, " + d.escalate().size() + " escalate to level "
                + d.escalateLevel() + ", " + d.retry().size() + " retry at level " + round.level() + ", "
                + d.failed().size() + " failed, " + d.exhausted().size() + " exhausted"
                + " (sacct asked " + reading.queries() + " time(s)"
                + (reading.complete() ? "" : "; gave up waiting: " + reading.lastProblem().orElse("")) + ")";
    }
}
