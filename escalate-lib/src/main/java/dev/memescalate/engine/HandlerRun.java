package dev.memescalate.engine;

import dev.memescalate.observe.HandlerFate;
import dev.memescalate.observe.HandlerFates;
import dev.memescalate.slurm.SlurmException;
import dev.memescalate.store.JobRecord;
import dev.memescalate.store.JobRole;
import dev.memescalate.store.RoundRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * One run of a handler job, as Slurm starts it: a chain heals itself without a daemon.
 *
 * <ul>
 *   <li>A round that cannot be decided yet (sacct unreadable, slurmdbd down, tasks Slurm still shows running) or
 *       whose next round sbatch would not take for a while is handed to a new handler job of the same round that
 *       starts later ({@code --begin=now+...}: 1, 2, 4 ... minutes, at most {@link #MAX_DELAY}), at most
 *       {@link #MAX_RERUNS} times and {@link #GIVE_UP_AFTER} after the round was submitted; then the chain is STALLED
 *       with the reason, for {@code resume}. Nothing is decided meanwhile: a task is FAILED only on Slurm's word.</li>
 *   <li>A handler job that dies (killed for memory or time, its node lost) is run again by Slurm itself: its guard
 *       job ({@code afternotok}) runs the same round with twice its memory and time, and a second guard, waiting on
 *       the first, with four times. The run that ends well cancels the guards still waiting on it. A guard whose job
 *       was cancelled by a user does not run it again: that chain is left STALLED, as the user chose.</li>
 * </ul>
 */
public final class HandlerRun {
    static final int MAX_RERUNS = 12;
    static final Duration FIRST_DELAY = Duration.ofMinutes(1);
    static final Duration MAX_DELAY = Duration.ofMinutes(30);
    static final Duration GIVE_UP_AFTER = Duration.ofHours(24);

    private final Engine engine;

    HandlerRun(Engine engine) {
        this.engine = engine;
    }

    /** How a run ended; every way but {@link #FAILED} exits 0, so that Slurm removes its guard. */
    public enum Exit {
        /** The round was decided (or already was) and what follows it submitted. */
        DONE,
        /** Not decided yet: another handler job of the round runs later. */
        RESCHEDULED,
        /** Not decided, and no more runs are left: the chain is STALLED until resume. */
        GAVE_UP,
        /** A guard whose handler job a user cancelled: it leaves the round alone (STALLED). */
        LEFT_ALONE,
        /** Something went wrong: the job exits non-zero and its guard, if any, runs the round again. */
        FAILED
    }

    /** How the run ended and what it did, for the handler's log. */
    public record Outcome(Exit exit, List<String> log) {
        public Outcome {
            log = List.copyOf(log);
        }
    }

    /**
     * @param selfJobId the Slurm job id this run is ({@code SLURM_JOB_ID}); empty when run by hand
     * @param guardGeneration 0 for a handler, 1.. for a guard
     */
    public Outcome run(String chainId, int roundNumber, Optional<String> selfJobId, int guardGeneration) {
        List<String> log = new ArrayList<>();
        RoundContext ctx = RoundContext.read(engine, chainId, roundNumber);
        if (guardGeneration > 0 && selfJobId.isPresent()) {
            Optional<String> cancelled = guardedJobCancelled(ctx, selfJobId.get());
            if (cancelled.isPresent()) {
                note(ctx, "handler-stopped", cancelled.get());
                log.add(cancelled.get());
                cancelOwnGuards(ctx, selfJobId.get());
                return new Outcome(Exit.LEFT_ALONE, log);
            }
        }
        Outcome outcome = handle(ctx, selfJobId, log);
        if (outcome.exit() != Exit.FAILED) {
            selfJobId.ifPresent(self -> cancelOwnGuards(ctx, self));
        }
        return outcome;
    }

    private Outcome handle(RoundContext ctx, Optional<String> selfJobId, List<String> log) {
        String chainId = ctx.chainId();
        int roundNumber = ctx.round().number();
        try {
            RoundHandler.Result result = engine.handler().handle(ctx, selfJobId);
            result.decision().ifPresent(d -> log.add("decided: " + d.completed().size() + " completed, "
                    + d.escalate().size() + " escalate, " + d.retry().size() + " retry, " + d.failed().size()
                    + " failed, " + d.exhausted().size() + " exhausted"));
            if (result.notReady().isPresent()) {
                return later(ctx, result.notReady().get(), log);
            }
            log.add("round " + roundNumber + " is " + result.roundStatus() + "; next round(s): "
                    + result.nextRounds());
            result.chainEnded().ifPresent(s -> log.add("chain " + chainId + " ended " + s));
            return new Outcome(Exit.DONE, log);
        } catch (TransientSubmitException sbatchDown) {
            return later(ctx, "sbatch did not answer: " + sbatchDown.getMessage(), log);
        }
    }

    /** Hands the round to a handler job that runs later, or gives up when the runs or the time are spent. */
    private Outcome later(RoundContext ctx, String why, List<String> log) {
        RoundRecord round = engine.store().read(tx -> tx.rounds().find(ctx.chainId(), ctx.round().number()))
                .orElseThrow();
        int runsSoFar = (int) engine.store().read(tx -> tx.jobs().forRound(ctx.chainId(), round.number())).stream()
                .filter(j -> j.key().role() == JobRole.HANDLER)
                .count();
        int reruns = runsSoFar - 1;
        Instant now = engine.clock().instant();
        Duration since = Duration.between(round.submittedAt().orElse(round.createdAt()), now);
        if (reruns >= MAX_RERUNS || since.compareTo(GIVE_UP_AFTER) > 0) {
            String gaveUp = "gave up after " + runsSoFar + " handler run(s) over " + since.toMinutes() + " min: " + why
                    + "; run: mem-escalate resume " + ctx.chainId();
            note(ctx, "handler-gave-up", gaveUp);
            log.add(gaveUp);
            return new Outcome(Exit.GAVE_UP, log);
        }
        long delay = Math.min(MAX_DELAY.toSeconds(), FIRST_DELAY.toSeconds() << Math.min(reruns, 20));
        JobSubmission.Outcome rerun = engine.submitter().submitRerun(ctx.chainId(), round.number(), List.of(),
                OptionalLong.of(delay), ctx.limits(), why);
        if (rerun.jobId().isEmpty()) {
            throw new IllegalStateException("the next handler job of round " + round.number()
                    + " could not be submitted: " + rerun.error().orElse("?"));
        }
        log.add(why + "; handler job " + rerun.jobId().get() + " runs in " + delay + " s");
        return new Outcome(Exit.RESCHEDULED, log);
    }

    /**
     * Why a guard leaves its round alone: the job it guards was cancelled by a user (sacct's {@code CANCELLED by
     * uid}). Empty when it failed otherwise, or when that cannot be told (then the guard runs the round: the handler
     * is safe to run twice).
     */
    private Optional<String> guardedJobCancelled(RoundContext ctx, String selfJobId) {
        Optional<String> guarded = ctx.jobs().stream()
                .filter(j -> j.key().role() == JobRole.GUARD && j.slurmJobId().map(selfJobId::equals).orElse(false))
                .findFirst()
                .flatMap(HandlerRun::guardedJobId);
        if (guarded.isEmpty()) {
            return Optional.empty();
        }
        try {
            Instant since = ctx.round().submittedAt().orElse(ctx.round().createdAt());
            Map<String, HandlerFate> fates = HandlerFates.ask(engine.slurm(), Set.of(guarded.get()), since,
                    engine.sacctZone());
            return Optional.ofNullable(fates.get(guarded.get()))
                    .filter(f -> f.state().startsWith("CANCELLED"))
                    .map(f -> "handler job " + guarded.get() + " ended " + f.describe() + ": a user cancelled it, so"
                            + " its guard does not run round " + ctx.round().number() + " again; run: mem-escalate"
                            + " resume " + ctx.chainId());
        } catch (SlurmException unknown) {
            return Optional.empty();
        }
    }

    /** The id in a guard's {@code --dependency=afternotok:ID}. */
    private static Optional<String> guardedJobId(JobRecord guard) {
        return guard.argv().stream()
                .filter(a -> a.startsWith("--dependency=afternotok:"))
                .map(a -> a.substring("--dependency=afternotok:".length()))
                .findFirst();
    }

    /**
     * A run that ended well cancels the guards still waiting on it (and on each other): they would only start when it
     * failed. Guards of a later run of the round (one it handed the round to) are not its own and are left alone.
     */
    private void cancelOwnGuards(RoundContext ctx, String selfJobId) {
        List<JobRecord> guards = engine.store().read(tx -> tx.jobs().forRound(ctx.chainId(), ctx.round().number()))
                .stream()
                .filter(j -> j.key().role() == JobRole.GUARD && j.slurmJobId().isPresent())
                .filter(j -> j.status() == dev.memescalate.store.JobStatus.SUBMITTED)
                .toList();
        List<JobRecord> own = new ArrayList<>();
        String guarded = selfJobId;
        boolean found = true;
        while (found) {
            found = false;
            for (JobRecord guard : guards) {
                if (guardedJobId(guard).map(guarded::equals).orElse(false)) {
                    own.add(guard);
                    guarded = guard.slurmJobId().orElseThrow();
                    found = true;
                    break;
                }
            }
        }
        if (own.isEmpty()) {
            return;
        }
        try {
            engine.slurm().cancel(own.stream().map(j -> j.slurmJobId().orElseThrow()).toList());
            engine.store().write(tx -> {
                own.forEach(j -> tx.jobs().markCancelled(j.key()));
                return null;
            });
        } catch (SlurmException notCancelled) {
            // Slurm removes a guard by itself once the job it waits on has succeeded (--kill-on-invalid-dep=yes).
            note(ctx, "cancel-failed", "could not cancel the guards " + own.stream().map(JobRecord::jobName).toList()
                    + ": " + notCancelled.getMessage());
        }
    }

    private void note(RoundContext ctx, String kind, String message) {
        engine.store().write(tx -> {
            tx.events().append(ctx.chainId(), OptionalInt.of(ctx.round().number()), kind, message,
                    engine.clock().instant());
            return null;
        });
    }
}
