package dev.memescalate.report;

import dev.memescalate.ladder.Ladder;
import dev.memescalate.ladder.Level;
import dev.memescalate.observe.ChainSnapshot;
import dev.memescalate.observe.EndedCounts;
import dev.memescalate.observe.HandlerFate;
import dev.memescalate.observe.Live;
import dev.memescalate.observe.QueueSnapshot;
import dev.memescalate.observe.StallCheck;
import dev.memescalate.slurm.QueuedJob;
import dev.memescalate.store.ChainRecord;
import dev.memescalate.store.FinalOutcome;
import dev.memescalate.store.JobRecord;
import dev.memescalate.store.JobRole;
import dev.memescalate.store.JobStatus;
import dev.memescalate.store.RoundKind;
import dev.memescalate.store.RoundRecord;
import dev.memescalate.store.RoundStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Everything {@code status} shows of a chain, as values: built from the store's snapshot, the ladder and one
 * refresh of live information, then rendered as text ({@link StatusText}) or JSON ({@link StatusJson}). Pure.
 *
 * @param summary the chain in one line, as {@code list} shows it
 * @param next what happens next, in words
 */
public record StatusModel(
        ChainSummary summary,
        List<RoundLine> rounds,
        Optional<String> next,
        Optional<String> liveProblem,
        Instant asOf) {

    public StatusModel {
        rounds = List.copyOf(rounds);
    }

    /** One round as status shows it. The counts of a round that was decided come from the store. */
    public record RoundLine(
            RoundRecord round,
            Level resources,
            List<String> arrayJobIds,
            List<String> handlerJobIds,
            List<HandlerLine> handlers,
            int tasks,
            int completed,
            int escalated,
            int retried,
            int failed,
            int exhausted,
            int cancelled,
            Optional<LiveRound> live) {
        public RoundLine {
            arrayJobIds = List.copyOf(arrayJobIds);
            handlerJobIds = List.copyOf(handlerJobIds);
            handlers = List.copyOf(handlers);
        }

        /** The tasks of the round still without a final outcome or a next round. */
        public int undecided() {
            return round.status() == RoundStatus.SUBMITTED ? tasks - completed - failed - exhausted - cancelled : 0;
        }
    }

    /**
     * A running round's tasks as squeue and sacct see them.
     *
     * @param ended tasks squeue no longer lists
     * @param breakdown how the ended tasks ended, from the last sacct call (at most one every 30 s)
     */
    public record LiveRound(int pending, int running, int ended, Optional<EndedCounts> breakdown,
            Optional<Instant> breakdownAsOf) {
    }

    /** Where a handler or finalizer job of an active round is. */
    public enum HandlerState {
        /** Pending with reason Dependency: the round's arrays have not all ended. */
        WAITING,
        /** Pending for another reason (Priority, Resources, BeginTime). */
        PENDING,
        RUNNING,
        /** No longer in the queue. */
        GONE,
        /** squeue could not be asked. */
        UNKNOWN
    }

    public record HandlerLine(String jobId, JobRole role, HandlerState state, String reason,
            Optional<HandlerFate> fate) {
    }

    /** @param stall the stalled round, when {@link StallCheck} found one and the store did not move meanwhile */
    public static StatusModel of(ChainSnapshot s, Ladder ladder, Live live, Optional<StallCheck.Stall> stall) {
        ChainRecord chain = s.chain();
        List<RoundLine> lines = new ArrayList<>();
        int running = 0;
        for (RoundRecord r : s.rounds()) {
            RoundLine line = roundLine(s, ladder, r, live);
            running += line.live().map(LiveRound::running).orElse(0);
            lines.add(line);
        }
        Optional<String> stallText = stall.map(st -> st.describe(live.fates()));
        ChainSummary summary = ChainSummary.of(chain, stallText, s.total(), s.outcomeCounts(), running,
                s.currentLevel());
        return new StatusModel(summary, lines, next(chain, lines, stallText),
                chain.status().isTerminal() ? Optional.empty() : live.queueProblem(), live.at());
    }

    private static RoundLine roundLine(ChainSnapshot s, Ladder ladder, RoundRecord r, Live live) {
        int n = r.number();
        List<JobRecord> arrays = s.arraysOf(n);
        List<String> arrayIds = arrays.stream().flatMap(j -> j.slurmJobId().stream()).toList();
        List<HandlerLine> handlers = r.status().isActive()
                ? s.handlersOf(n).stream()
                        .sorted(java.util.Comparator.comparing(j -> j.key().role() == JobRole.HANDLER ? 0 : 1))
                        .map(j -> handlerLine(j, live))
                        .toList()
                : List.of();
        Optional<LiveRound> liveRound = r.status() == RoundStatus.SUBMITTED
                ? live.queue().map(q -> liveRound(arrays, q, live))
                : Optional.empty();
        List<String> handlerIds = s.jobsOf(n).stream()
                .filter(j -> j.key().role() == JobRole.HANDLER)
                .flatMap(j -> j.slurmJobId().stream())
                .toList();
        return new RoundLine(r, ladder.at(r.levels()), arrayIds, handlerIds, handlers, r.indices().size(),
                s.settledIn(n, FinalOutcome.COMPLETED), s.sentOn(n, RoundKind.ESCALATE), s.sentOn(n, RoundKind.RETRY),
                s.settledIn(n, FinalOutcome.FAILED), s.settledIn(n, FinalOutcome.EXHAUSTED),
                s.settledIn(n, FinalOutcome.CANCELLED), liveRound);
    }

    private static LiveRound liveRound(List<JobRecord> arrays, QueueSnapshot queue, Live live) {
        int pending = 0;
        int running = 0;
        int tasks = 0;
        int[] ended = new int[5];
        boolean breakdownKnown = false;
        for (JobRecord array : arrays) {
            if (array.status() != JobStatus.SUBMITTED) {
                continue;
            }
            String id = array.slurmJobId().orElseThrow();
            QueueSnapshot.TaskCounts counts = queue.tasksOf(id);
            int size = array.indices().orElseThrow().size();
            tasks += size;
            pending += Math.min(counts.pending(), size);
            running += Math.min(counts.running(), size - Math.min(counts.pending(), size));
            EndedCounts e = live.ended().get(id);
            if (e != null) {
                breakdownKnown = true;
                ended[0] += e.completed();
                ended[1] += e.outOfMemory();
                ended[2] += e.timeout();
                ended[3] += e.failed();
                ended[4] += e.cancelled();
            }
        }
        Optional<EndedCounts> breakdown = breakdownKnown
                ? Optional.of(new EndedCounts(ended[0], ended[1], ended[2], ended[3], ended[4]))
                : Optional.empty();
        return new LiveRound(pending, running, tasks - pending - running, breakdown,
                breakdown.isPresent() ? live.endedAsOf() : Optional.empty());
    }

    private static HandlerLine handlerLine(JobRecord job, Live live) {
        String id = job.slurmJobId().orElseThrow();
        Optional<HandlerFate> fate = Optional.ofNullable(live.fates().get(id));
        if (live.queue().isEmpty()) {
            return new HandlerLine(id, job.key().role(), HandlerState.UNKNOWN, "", fate);
        }
        Optional<QueuedJob> queued = live.queue().get().plainJob(id);
        if (queued.isEmpty()) {
            return new HandlerLine(id, job.key().role(), HandlerState.GONE, "", fate);
        }
        QueuedJob q = queued.get();
        HandlerState state = switch (q.state()) {
            case PENDING -> q.reason().equals("Dependency") ? HandlerState.WAITING : HandlerState.PENDING;
            default -> HandlerState.RUNNING;
        };
        return new HandlerLine(id, job.key().role(), state, q.reason(), fate);
    }

    private static Optional<String> next(ChainRecord chain, List<RoundLine> lines, Optional<String> stall) {
        if (chain.status().isTerminal()) {
            return Optional.empty();
        }
        if (stall.isPresent()) {
            return Optional.of("nothing will move by itself: run mem-escalate resume " + chain.id());
        }
        List<String> next = new ArrayList<>();
        for (RoundLine line : lines) {
            RoundRecord r = line.round();
            int n = r.number();
            switch (r.status()) {
                case SUBMITTED -> next.add("when round " + n + " ends, its handler decides the " + line.undecided()
                        + " task(s) left");
                case DECIDED -> next.add("round " + n + "'s handler is submitting the next round");
                case PLANNED -> next.add(r.parentRound().isEmpty()
                        ? "round 1 is being submitted"
                        : "round " + n + " (" + r.indices().size() + " task(s) at " + r.levelWording()
                                + ") is being submitted");
                default -> {
                }
            }
        }
        return next.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", next));
    }

    public ChainRecord chain() {
        return summary.chain();
    }

    public String state() {
        return summary.state();
    }
}
