package dev.memescalate.engine;

import dev.memescalate.indexset.IndexSet;
import dev.memescalate.ladder.Ladder;
import dev.memescalate.ladder.LevelPair;
import dev.memescalate.ladder.TimeLimit;
import dev.memescalate.slurm.SlurmException;
import dev.memescalate.store.AttemptTable;
import dev.memescalate.store.ChainRecord;
import dev.memescalate.store.ChainStatus;
import dev.memescalate.store.JobRecord;
import dev.memescalate.store.JobRole;
import dev.memescalate.store.JobStatus;
import dev.memescalate.store.RoundKind;
import dev.memescalate.store.RoundRecord;
import dev.memescalate.store.RoundStatus;
import dev.memescalate.store.StoreTransaction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * What a handler does when a round's arrays have ended: observe (sacct, streamed and folded), decide (state policy,
 * ladder), record (every attempt and final outcome, and the next rounds as intents, in one transaction), submit the
 * next rounds, and end the chain when nothing is left to run. The chain, its config and limits, the round and its
 * jobs are read once ({@link RoundContext}).
 *
 * <p>Safe to run twice for the same round, or again after dying at any point: the round's status moves
 * SUBMITTED -> DECIDED -> DONE by compare-and-set, and the next rounds' jobs are submitted idempotently. It decides
 * only on Slurm's word: when sacct cannot be read, or says tasks still run, nothing is decided and the result says
 * why ({@link Result#notReady()}), for the caller to run it again later.
 */
public final class RoundHandler {
    private final Engine engine;

    RoundHandler(Engine engine) {
        this.engine = engine;
    }

    /**
     * How the handling ended, for the handler's log.
     *
     * @param notReady why the round was not decided (sacct unreadable, or tasks still running); empty when it was
     */
    public record Result(RoundStatus roundStatus, Optional<RoundDecision> decision, List<Integer> nextRounds,
            Optional<ChainStatus> chainEnded, Optional<String> notReady) {
        public Result {
            nextRounds = List.copyOf(nextRounds);
        }
    }

    /**
     * @param selfJobId the Slurm job id this handler runs as (a legacy finalizer of its round is cancelled, never
     *     itself)
     * @throws TransientSubmitException when sbatch does not answer for the next round: the round stays DECIDED, and a
     *     later run submits it
     */
    public Result handle(String chainId, int roundNumber, Optional<String> selfJobId) {
        return handle(RoundContext.read(engine, chainId, roundNumber), selfJobId);
    }

    /** {@link #handle(String, int, Optional)} of a round its caller has read already. */
    Result handle(RoundContext ctx, Optional<String> selfJobId) {
        String chainId = ctx.chainId();
        int roundNumber = ctx.round().number();
        RoundRecord round = ctx.round();
        if (round.status() == RoundStatus.PLANNED) {
            throw new IllegalStateException("round " + roundNumber + " of chain " + chainId
                    + " was never submitted; its handler cannot run (resume the chain instead)");
        }
        Optional<RoundDecision> decision = Optional.empty();
        if (round.status() == RoundStatus.SUBMITTED) {
            cancelLegacyFinalizers(ctx, selfJobId);
            Observed observed = observe(ctx);
            if (!observed.reading().decidable()) {
                String why = "not decided: " + observed.reading().verdict() + ", "
                        + observed.reading().lastProblem().orElse("sacct incomplete") + " (sacct asked "
                        + observed.reading().queries() + " time(s) in " + observed.waitLimit().toSeconds() + " s)";
                note(chainId, roundNumber, "round-not-ready", why);
                return new Result(round.status(), Optional.empty(), List.of(), Optional.empty(), Optional.of(why));
            }
            decision = Optional.of(decideAndRecord(ctx, observed));
        }
        List<Integer> next = submitChildren(chainId, roundNumber);
        Instant now = engine.clock().instant();
        Optional<ChainCloser.ChainEnd> ended = engine.store().write(tx -> {
            tx.rounds().transition(chainId, roundNumber, RoundStatus.DECIDED, RoundStatus.DONE, now);
            return ChainCloser.endIfFinished(tx, ctx.chain(), now);
        });
        ended.ifPresent(end -> engine.notifier().chainEnded(end, ctx.config()));
        RoundStatus finalStatus = engine.store().read(tx -> tx.rounds().find(chainId, roundNumber)).orElseThrow()
                .status();
        return new Result(finalStatus, decision, next, ended.map(ChainCloser.ChainEnd::status), Optional.empty());
    }

    /**
     * Rounds planned before handlers ran {@code afterany} had a FINALIZER beside the HANDLER: whichever runs cancels
     * the other, by its stored id.
     */
    private void cancelLegacyFinalizers(RoundContext ctx, Optional<String> selfJobId) {
        List<JobRecord> finalizers = Stream.concat(ctx.jobs().stream().filter(j -> j.key().role() == JobRole.FINALIZER),
                        ctx.jobs().stream().filter(j -> j.key().role() == JobRole.HANDLER && hasFinalizer(ctx)))
                .filter(j -> j.status() == JobStatus.SUBMITTED)
                .filter(j -> selfJobId.map(self -> !self.equals(j.slurmJobId().orElseThrow())).orElse(true))
                .toList();
        if (finalizers.isEmpty()) {
            return;
        }
        List<String> ids = finalizers.stream().map(j -> j.slurmJobId().orElseThrow()).toList();
        try {
            engine.slurm().cancel(ids);
            engine.store().write(tx -> {
                finalizers.forEach(j -> tx.jobs().markCancelled(j.key()));
                return null;
            });
        } catch (SlurmException notCancelled) {
            // Slurm removes it anyway once its dependency can never be met (--kill-on-invalid-dep=yes).
            note(ctx.chainId(), ctx.round().number(), "cancel-failed", "could not cancel " + ids + ": "
                    + notCancelled.getMessage());
        }
    }

    private static boolean hasFinalizer(RoundContext ctx) {
        return ctx.jobs().stream().anyMatch(j -> j.key().role() == JobRole.FINALIZER);
    }

    /** What sacct said, and how long the handler was allowed to wait for it. */
    private record Observed(AccountingReader.Reading reading, Duration waitLimit) {
    }

    private Observed observe(RoundContext ctx) {
        RoundRecord round = ctx.round();
        Duration waitLimit = sacctWaitLimit(ctx.config().sacctTimeout(), ctx.limits().handlerResources().time());
        // sacct's -S from when the round was planned, before any of its sbatch calls: its recorded submission time is
        // later for a round whose arrays were adopted after their submitter died, possibly after its tasks ended,
        // and sacct leaves out a job that ended before -S.
        return new Observed(engine.accountingReader(waitLimit).read(ctx.submittedArrays(),
                ctx.renumberedArrays(), round.createdAt()), waitLimit);
    }

    private RoundDecision decideAndRecord(RoundContext ctx, Observed observed) {
        ChainRecord chain = ctx.chain();
        RoundRecord round = ctx.round();
        TaskClassifier.Judgement judged = new TaskClassifier(ctx.config(), chain.workDir(), engine.fileExists())
                .judge(round, observed.reading(), observed.waitLimit().toSeconds());
        // The attempts are encoded on another thread while this one decides, stores the outcomes and plans what
        // follows (at 100,000 tasks about 150 ms of each); they are stored last.
        Background<AttemptTable.Encoded> attempts = Background.start("encode-attempts",
                () -> AttemptTable.encode(judged.attempts(chain.id(), round)));
        Ladder ladder = ctx.config().ladder();
        // --max-level caps each dimension; separate memory: and time: ladders have a top each.
        int highestMemory = Math.min(ladder.memoryTop(), chain.maxLevel());
        int highestTime = Math.min(ladder.timeTop(), chain.maxLevel());
        Map<Integer, Integer> earlierRetries = engine.store().read(
                tx -> tx.attempts().sameLevelRetryCounts(chain.id(), round.indices(), round.number()));
        boolean byReason = ctx.config().chainOptions().byReason();
        RoundDecision decision = new RoundDecider(highestMemory, highestTime,
                ctx.config().maxSameLevelRetries(), byReason)
                .decide(round.levels(), judged, earlierRetries);

        Instant now = engine.clock().instant();
        engine.store().write(tx -> {
            boolean weDecide = tx.rounds().transition(chain.id(), round.number(), RoundStatus.SUBMITTED,
                    RoundStatus.DECIDED, now);
            if (!weDecide) {
                return null; // another run of this handler decided first, or the chain was cancelled
            }
            tx.attempts().insertRuns(judged.earlierRuns(chain.id(), round));
            tx.outcomes().insert(DecisionRecords.finalOutcomes(chain.id(), round, decision));
            // A chain that has ended (the user cancelled it while this round ran) gets no new rounds: what happened
            // is recorded, nothing more is submitted.
            boolean chainEnded = tx.chains().find(chain.id()).orElseThrow().status().isTerminal();
            if (chainEnded && !decision.nothingLeftToRun()) {
                tx.events().append(chain.id(), OptionalInt.of(round.number()), "not-resubmitted",
                        (decision.escalate().size() + decision.retry().size()) + " task(s) of round "
                                + round.number() + " would run again, but the chain has ended", now);
            }
            if (!chainEnded) {
                planChildren(tx, ctx, children(round, decision, judged.failedNodes()), now);
            }
            tx.events().append(chain.id(), OptionalInt.of(round.number()), "round-decided",
                    DecisionRecords.summary(round, decision, observed.reading()), now);
            tx.attempts().insert(attempts.result());
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

    /** A round the handler plans, before it has a number. */
    private record Child(LevelPair levels, IndexSet indices, RoundKind kind, List<String> excludeNodes) {
    }

    /**
     * The rounds a decision needs, in the order they are numbered: by_reason makes one ESCALATE round per
     * memory-and-time pair the escalated tasks go to (at most three), each with its own arrays and handler; then the
     * RETRY round at the same levels, on other nodes.
     */
    private static List<Child> children(RoundRecord round, RoundDecision decision, List<String> failedNodes) {
        List<Child> children = new ArrayList<>();
        decision.escalations().forEach((levels, indices) -> children.add(
                new Child(levels, indices, RoundKind.ESCALATE, round.excludeNodes())));
        if (!decision.retry().isEmpty()) {
            children.add(new Child(round.levels(), decision.retry(), RoundKind.RETRY, failedNodes));
        }
        return children;
    }

    /**
     * Plans the children, which are submitted together, as siblings: they share the chain's throttle, each by its
     * task count ({@link SiblingThrottles}), so that at most N of their tasks run at once.
     */
    private static void planChildren(StoreTransaction tx, RoundContext ctx, List<Child> children, Instant now) {
        if (children.isEmpty()) {
            return;
        }
        ChainRecord chain = ctx.chain();
        List<OptionalInt> throttles = SiblingThrottles.shares(chain.throttle(),
                children.stream().map(c -> c.indices().size()).toList());
        for (int i = 0; i < children.size(); i++) {
            Child child = children.get(i);
            int number = tx.rounds().nextNumber(chain.id());
            RoundPlanner.PlannedRound planned = RoundPlanner.plan(chain, number, ctx.config().ladder(),
                    child.levels(), ctx.config().chainOptions().byReason(), child.indices(),
                    OptionalInt.of(ctx.round().number()), throttles.get(i), child.kind(), child.excludeNodes(),
                    ctx.limits(), now);
            tx.rounds().insert(planned.round());
            planned.jobs().forEach(tx.jobs()::insert);
        }
    }

    private List<Integer> submitChildren(String chainId, int roundNumber) {
        List<Integer> children = engine.store().read(tx -> tx.rounds().childNumbers(chainId, roundNumber));
        RoundSubmitter submitter = engine.submitter();
        children.forEach(child -> submitter.submit(chainId, child));
        return children;
    }

    private void note(String chainId, int round, String kind, String message) {
        engine.store().write(tx -> {
            tx.events().append(chainId, OptionalInt.of(round), kind, message, engine.clock().instant());
            return null;
        });
    }
}
