package dev.memescalate.engine;

import dev.memescalate.observe.ChainSnapshot;
import dev.memescalate.observe.QueueSnapshot;
import dev.memescalate.observe.StallCheck;
import dev.memescalate.slurm.QueueQuery;
import dev.memescalate.store.ChainStatus;
import dev.memescalate.store.JobRecord;
import dev.memescalate.store.JobStatus;
import dev.memescalate.store.RoundRecord;
import dev.memescalate.store.RoundStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * {@code mem-escalate resume}: does for a STALLED chain what its lost handler would have done, through the same
 * code (the {@link RoundHandler} and {@link RoundSubmitter} a handler job runs). A round whose arrays have all ended
 * is decided right here; a round whose arrays still run gets a new handler job that waits for them. Idempotent: the
 * round's status moves by compare-and-set and every job is submitted exactly once, so resuming twice, or while a
 * handler runs, submits nothing twice. A chain that is not stalled is left as it is.
 */
public final class ChainResumer {
    private final Engine engine;

    ChainResumer(Engine engine) {
        this.engine = engine;
    }

    /**
     * What resume did.
     *
     * @param resumed false when the chain was not stalled (then {@code actions} says why nothing was done)
     * @param actions what was done (or found), one sentence each
     */
    public record Result(boolean resumed, List<String> actions, ChainStatus chainStatus) {
        public Result {
            actions = List.copyOf(actions);
        }
    }

    public Result resume(String chainId) {
        ChainSnapshot snapshot = engine.store().read(tx -> ChainSnapshot.read(tx, chainId)).orElseThrow(
                () -> new IllegalStateException("no chain " + chainId + " in " + engine.store().file()));
        if (snapshot.chain().status().isTerminal()) {
            return new Result(false, List.of("chain " + chainId + " has ended " + snapshot.chain().status()
                    + ": there is nothing to resume"), snapshot.chain().status());
        }
        List<String> liveIds = snapshot.liveJobIds();
        QueueSnapshot queue = QueueSnapshot.of(liveIds.isEmpty()
                ? List.of()
                : engine.slurm().queue(QueueQuery.byJobIds(Set.copyOf(liveIds)).expandingArrays()));
        Optional<StallCheck.Stall> stall = StallCheck.check(snapshot, queue, engine.clock().instant());
        if (stall.isEmpty()) {
            return new Result(false, List.of("chain " + chainId + " is not stalled: " + whoIsAtWork(snapshot, queue)
                    + "; nothing was changed"), snapshot.chain().status());
        }
        List<String> actions = new ArrayList<>();
        actions.add("stalled: " + stall.get().what());
        for (RoundRecord round : snapshot.activeRounds()) {
            RoundRecord now = engine.store().read(tx -> tx.rounds().find(chainId, round.number())).orElseThrow();
            resumeRound(snapshot, now, queue, actions);
        }
        ChainStatus status = engine.store().read(tx -> tx.chains().find(chainId)).orElseThrow().status();
        return new Result(true, actions, status);
    }

    private void resumeRound(ChainSnapshot snapshot, RoundRecord round, QueueSnapshot queue, List<String> actions) {
        String chainId = snapshot.chain().id();
        int n = round.number();
        boolean someoneActs = snapshot.handlersOf(n).stream()
                .anyMatch(j -> queue.lists(j.slurmJobId().orElseThrow()));
        switch (round.status()) {
            case PLANNED -> {
                boolean parentWillSubmit = round.parentRound().isPresent() && snapshot.rounds().stream()
                        .anyMatch(r -> r.number() == round.parentRound().getAsInt()
                                && r.status() == RoundStatus.DECIDED);
                if (!parentWillSubmit) {
                    RoundSubmitter.Result result = engine.submitter().submit(chainId, n);
                    actions.add("round " + n + ": " + result.status() + describe(result));
                    if (n == 1 && result.status() == RoundStatus.SUBMIT_FAILED) {
                        failChain(chainId, result);
                    }
                }
            }
            case SUBMITTED -> {
                if (someoneActs) {
                    return;
                }
                List<String> arraysQueued = snapshot.arraysOf(n).stream()
                        .filter(j -> j.status() == JobStatus.SUBMITTED)
                        .map(j -> j.slurmJobId().orElseThrow())
                        .filter(queue::lists)
                        .toList();
                if (arraysQueued.isEmpty()) {
                    RoundHandler.Result result = engine.handler().handle(chainId, n, Optional.empty());
                    if (result.notReady().isPresent()) {
                        actions.add("round " + n + ": " + result.notReady().get() + "; run resume again later");
                        return;
                    }
                    actions.add("round " + n + ": decided here" + result.decision().map(d -> " (" + d.completed().size()
                            + " completed, " + d.escalate().size() + " escalated, " + d.retry().size() + " retried, "
                            + d.failed().size() + " failed, " + d.exhausted().size() + " exhausted)").orElse("")
                            + nextRounds(result));
                } else {
                    ChainLimits limits = RoundContext.read(engine, chainId, n).limits();
                    JobSubmission.Outcome outcome = engine.submitter().submitRerun(chainId, n, arraysQueued,
                            OptionalLong.empty(), limits, "resume: the round's handler jobs are gone");
                    actions.add("round " + n + ": its arrays " + String.join(",", arraysQueued) + " still run; "
                            + outcome.jobId().map(id -> "submitted handler job " + id + " to decide it when they end")
                                    .orElse("its new handler job could not be submitted: "
                                            + outcome.error().orElse("?")));
                }
            }
            case DECIDED -> {
                if (someoneActs) {
                    return;
                }
                RoundHandler.Result result = engine.handler().handle(chainId, n, Optional.empty());
                actions.add("round " + n + ": was decided; submitted what its handler had planned" + nextRounds(result));
            }
            case DONE, SUBMIT_FAILED, CANCELLED -> {
            }
        }
    }

    private static String nextRounds(RoundHandler.Result result) {
        String next = result.nextRounds().isEmpty() ? "" : "; next round(s) " + result.nextRounds();
        return next + result.chainEnded().map(s -> "; the chain ended " + s).orElse("");
    }

    private static String describe(RoundSubmitter.Result result) {
        return result.arrayJobIds().isEmpty() ? "" : " in array job(s) " + String.join(",",
                result.arrayJobIds().values()) + (result.errors().isEmpty() ? "" : "; " + result.errors());
    }

    private void failChain(String chainId, RoundSubmitter.Result result) {
        engine.store().write(tx -> {
            boolean weEnd = tx.chains().transition(chainId, List.of(ChainStatus.SUBMITTING, ChainStatus.RUNNING),
                    ChainStatus.FAILED, Optional.of(engine.clock().instant()));
            if (weEnd) {
                tx.events().append(chainId, OptionalInt.of(1), "chain-failed", "round 1 could not be submitted: "
                        + String.join("; ", result.errors()), engine.clock().instant());
            }
            return null;
        });
    }

    private static String whoIsAtWork(ChainSnapshot snapshot, QueueSnapshot queue) {
        List<String> alive = new ArrayList<>();
        for (RoundRecord round : snapshot.activeRounds()) {
            for (JobRecord job : snapshot.handlersOf(round.number())) {
                String id = job.slurmJobId().orElseThrow();
                queue.plainJob(id).ifPresent(q -> alive.add("round " + round.number() + "'s "
                        + job.key().role().name().toLowerCase(java.util.Locale.ROOT) + " (job " + id + ") is "
                        + q.state().name() + (q.reason().equals("None") ? "" : " (" + q.reason() + ")")));
            }
        }
        return alive.isEmpty() ? "a submitter is at work on it" : String.join(", ", alive);
    }
}
