package dev.memescalate.observe;

import dev.memescalate.store.ChainStatus;
import dev.memescalate.store.JobRecord;
import dev.memescalate.store.JobStatus;
import dev.memescalate.store.RoundRecord;
import dev.memescalate.store.RoundStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Optional;

/**
 * Tells a STALLED chain: one whose round is still active but whom nobody will ever act on again, because the
 * handler job that was to decide it (or to submit the rounds it decided) is no longer in Slurm's queue. It was
 * cancelled, ran out of memory or time, its node died, or Slurm dropped it; {@code mem-escalate resume} does what it
 * would have done. Pure: the caller asked squeue.
 *
 * <p>Someone acts on an active round when:
 * <ul>
 *   <li>SUBMITTED: one of its handler or finalizer jobs is in the queue (pending on its dependency, or running);</li>
 *   <li>DECIDED: its handler is in the queue (it is submitting the next rounds);</li>
 *   <li>PLANNED: the handler of the round that planned it is in the queue, or, for round 1, {@code submit} is at
 *       work (the chain was created less than {@link #SUBMITTER_GRACE} ago);</li>
 * </ul>
 * and in any case while a submitter holds a fresh claim on one of the chain's jobs (it is running sbatch).
 */
public final class StallCheck {
    /** How long a claim or a new chain counts as someone at work: the submitter's own stale-claim limit. */
    public static final Duration SUBMITTER_GRACE = Duration.ofMinutes(2);

    private StallCheck() {
    }

    /**
     * A stalled round and the handler jobs that were to act on it (their sacct state says why they are gone).
     *
     * @param handlerJobIds the jobs that were to act on it, newest last; empty when none was ever submitted
     */
    public record Stall(RoundRecord round, String what, List<String> handlerJobIds, Optional<String> handlerNote) {
        public Stall {
            handlerJobIds = List.copyOf(handlerJobIds);
        }

        /** What happened and, for each handler job, how sacct says it ended (when {@code fates} knows it). */
        public String describe(Map<String, HandlerFate> fates) {
            if (handlerNote.isPresent()) {
                return what + ": " + handlerNote.get();
            }
            if (handlerJobIds.isEmpty()) {
                return what;
            }
            List<String> ends = new ArrayList<>();
            for (String id : handlerJobIds) {
                HandlerFate fate = fates.get(id);
                ends.add("job " + id + (fate == null ? " is no longer in the queue" : " ended " + fate.describe()));
            }
            return what + ": handler " + String.join(", ", ends);
        }
    }

    public static Optional<Stall> check(ChainSnapshot s, QueueSnapshot queue, Instant now) {
        ChainStatus status = s.chain().status();
        if (status != ChainStatus.RUNNING && status != ChainStatus.SUBMITTING) {
            return Optional.empty();
        }
        boolean submitterAtWork = s.jobs().stream().anyMatch(j -> j.status() == JobStatus.SUBMITTING
                && j.claimedAt().map(at -> at.plus(SUBMITTER_GRACE).isAfter(now)).orElse(false));
        if (submitterAtWork) {
            return Optional.empty();
        }
        for (RoundRecord round : s.activeRounds()) {
            Optional<Stall> stall = orphaned(s, round, queue, now);
            if (stall.isPresent()) {
                return stall;
            }
        }
        return Optional.empty();
    }

    private static Optional<Stall> orphaned(ChainSnapshot s, RoundRecord round, QueueSnapshot queue, Instant now) {
        int n = round.number();
        return switch (round.status()) {
            case SUBMITTED -> gone(s.handlersOf(n), queue)
                    ? Optional.of(new Stall(round, "round " + n + " has ended or is running without a handler to"
                            + " decide it", ids(s.handlersOf(n)), s.handlerNote()))
                    : Optional.empty();
            case DECIDED -> gone(s.handlersOf(n), queue)
                    ? Optional.of(new Stall(round, "round " + n + " was decided, but its handler stopped before it"
                            + " had submitted the next round", ids(s.handlersOf(n)), s.handlerNote()))
                    : Optional.empty();
            case PLANNED -> plannedOrphan(s, round, queue, now);
            case DONE, SUBMIT_FAILED, CANCELLED -> Optional.empty();
        };
    }

    private static Optional<Stall> plannedOrphan(ChainSnapshot s, RoundRecord round, QueueSnapshot queue,
            Instant now) {
        if (round.parentRound().isEmpty()) {
            boolean submitterMayBeAtWork = s.chain().createdAt().plus(SUBMITTER_GRACE).isAfter(now);
            return submitterMayBeAtWork
                    ? Optional.empty()
                    : Optional.of(new Stall(round, "round " + round.number() + " was never fully submitted (the"
                            + " submit command stopped, or sbatch did not answer)", List.of(), Optional.empty()));
        }
        int parent = round.parentRound().getAsInt();
        RoundRecord parentRound = s.rounds().stream().filter(r -> r.number() == parent).findFirst().orElseThrow();
        boolean parentWillSubmitIt = parentRound.status() == RoundStatus.DECIDED
                && !gone(s.handlersOf(parent), queue);
        return parentWillSubmitIt
                ? Optional.empty()
                : Optional.of(new Stall(round, "round " + round.number() + " was planned, but the handler of round "
                        + parent + " stopped before submitting it", ids(s.handlersOf(parent)), s.handlerNote()));
    }

    private static boolean gone(List<JobRecord> handlers, QueueSnapshot queue) {
        return handlers.stream().noneMatch(j -> queue.lists(j.slurmJobId().orElseThrow()));
    }

    private static List<String> ids(List<JobRecord> jobs) {
        return jobs.stream().map(j -> j.slurmJobId().orElseThrow()).toList();
    }
}
