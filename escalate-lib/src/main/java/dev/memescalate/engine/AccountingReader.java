package dev.memescalate.engine;

import dev.memescalate.indexset.IndexSet;
import dev.memescalate.indexset.Renumbering;
import dev.memescalate.slurm.Retry;
import dev.memescalate.slurm.RoundAccounting;
import dev.memescalate.slurm.SacctFormat;
import dev.memescalate.slurm.Sleeper;
import dev.memescalate.slurm.Slurm;
import dev.memescalate.slurm.SlurmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a round's tasks from sacct until every expected index has a terminal row, or the wait limit passes. The
 * answer is streamed from the process and folded as it arrives into a {@link RoundAccounting} (a few primitive
 * arrays): a round of a million tasks is read in the handler's default memory. Only the columns the handler uses
 * are asked for ({@link SacctFormat#ROUND}), with {@code --duplicates} so that every run of a requeued task is seen.
 *
 * <p>sacct can briefly lie: right after an array ends, a first query may return a single wrong row, or leave tasks out
 * (end records appear ~0.1 s after a task ends, start records up to ~3 s late). So a failing sacct, a short answer,
 * a bogus row or a line that cannot be read is asked again with backoff, and never read as success. When the wait
 * ends, {@link Reading#verdict()} says whether the round may be decided: only on Slurm's word.
 */
public final class AccountingReader {
    static final Duration FIRST_WAIT = Duration.ofSeconds(1);
    static final Duration LONGEST_WAIT = Duration.ofSeconds(20);
    /** Waits between queries: 1, 2, 4, ... 20 s; how many queries is bounded by the wait limit, not a count. */
    private static final Retry BACKOFF = new Retry(Integer.MAX_VALUE, FIRST_WAIT, LONGEST_WAIT);

    private final Slurm slurm;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Duration waitLimit;
    private final ZoneId sacctZone;

    public AccountingReader(Slurm slurm, Clock clock, Sleeper sleeper, Duration waitLimit, ZoneId sacctZone) {
        this.slurm = slurm;
        this.clock = clock;
        this.sleeper = sleeper;
        this.waitLimit = waitLimit;
        this.sacctZone = sacctZone;
    }

    /** Whether what sacct said lets the round be decided. */
    public enum Verdict {
        /** Every expected task has a terminal row, every line was read. */
        COMPLETE,
        /**
         * sacct answered with terminal rows for tasks of the round and every line was read, but some expected tasks
         * never got a row while the handler waited: those, and only those, end FAILED with that reason.
         */
        MISSING_ROWS,
        /** sacct says some tasks have not ended (running, pending, requeued): decide later. */
        STILL_RUNNING,
        /**
         * sacct could not be asked, its last answer had lines that could not be read, or it knew none of the round's
         * tasks (slurmdbd not caught up yet, after an outage): decide nothing.
         */
        NO_ANSWER
    }

    /**
     * What sacct said of the round's array jobs.
     *
     * @param accounting the last answer that could be folded; empty when sacct never answered
     * @param queries how many sacct calls it took
     * @param lastProblem why the last answer was not complete, for the event log
     */
    public record Reading(Optional<RoundAccounting> accounting, Verdict verdict, int queries,
            Optional<String> lastProblem) {

        public boolean decidable() {
            return verdict == Verdict.COMPLETE || verdict == Verdict.MISSING_ROWS;
        }
    }

    /**
     * @param expected the indices expected of each array job id
     * @param notBefore a time before the round's arrays were submitted (when the round was planned): sacct's {@code -S}
     *     (less a minute), so that an old record with a reused job id (ids restart when slurmctld's state is wiped,
     *     while slurmdbd keeps the old records) is never read as ours. Not the recorded submission time: sacct leaves
     *     out a job that ended before {@code -S}, and an adopted array is recorded when it was adopted
     */
    public Reading read(Map<String, IndexSet> expected, Instant notBefore) {
        return read(expected, Map.of(), notBefore);
    }

    /**
     * {@link #read(Map, Instant)} for a round some of whose arrays Slurm runs under other indices (an index map):
     * their rows are read back to the real indices.
     *
     * @param renumbered for those array job ids, how Slurm's indices map to the real ones
     */
    public Reading read(Map<String, IndexSet> expected, Map<String, Renumbering> renumbered, Instant notBefore) {
        List<String> argv = new ArrayList<>();
        argv.add("--jobs=" + String.join(",", expected.keySet()));
        argv.add("--starttime=" + sacctTime(notBefore.minus(1, ChronoUnit.MINUTES), sacctZone));
        argv.add("--endtime=now");
        argv.add("--duplicates");
        argv.addAll(SacctFormat.ROUND.options());
        Map<Long, IndexSet> byJob = new LinkedHashMap<>();
        expected.forEach((id, indices) -> byJob.put(Long.parseLong(id), indices));
        Map<Long, Renumbering> renumberedByJob = new LinkedHashMap<>();
        renumbered.forEach((id, renumbering) -> renumberedByJob.put(Long.parseLong(id), renumbering));

        Instant deadline = clock.instant().plus(waitLimit);
        RoundAccounting latest = null;
        String problem = null;
        boolean lastCallFailed = false;
        for (int query = 1; ; query++) {
            try {
                RoundAccounting.Folder folder = RoundAccounting.folder(byJob, renumberedByJob, SacctFormat.ROUND,
                        sacctZone);
                slurm.accounting(argv, folder);
                latest = folder.finish();
                lastCallFailed = false;
                if (latest.isComplete()) {
                    return new Reading(Optional.of(latest), Verdict.COMPLETE, query, Optional.empty());
                }
                // A line that could not be read may be the row that says how a task ended (a later row of a
                // requeued task), so an answer with one is not final either.
                problem = latest.unsettledCount() > 0
                        ? latest.unsettledCount() + " task(s) without a terminal sacct row yet"
                        : latest.rejectCount() + " line(s) of sacct's answer could not be read, the first: "
                                + latest.rejects().get(0);
            } catch (SlurmException failed) {
                problem = "sacct failed: " + failed.getMessage();
                lastCallFailed = true;
            }
            Duration wait = BACKOFF.delayAfterAttempt(query);
            boolean outOfTime = !clock.instant().plus(wait).isBefore(deadline);
            if (outOfTime) {
                return new Reading(Optional.ofNullable(latest), verdictAtTheEnd(latest, lastCallFailed), query,
                        Optional.of(problem));
            }
            sleeper.pause(wait, "for sacct");
        }
    }

    /** What the last answer allows once the wait is over. */
    private static Verdict verdictAtTheEnd(RoundAccounting latest, boolean lastCallFailed) {
        if (latest == null || lastCallFailed || latest.rejectCount() > 0) {
            return Verdict.NO_ANSWER;
        }
        boolean knowsNoTask = latest.expected().keySet().stream()
                .allMatch(job -> latest.missing(job).size() == latest.expected().get(job).size());
        if (knowsNoTask) {
            return Verdict.NO_ANSWER;
        }
        for (Map.Entry<Long, IndexSet> job : latest.expected().entrySet()) {
            if (!latest.notTerminal(job.getKey()).isEmpty()) {
                return Verdict.STILL_RUNNING;
            }
        }
        return Verdict.MISSING_ROWS;
    }

    /** sacct reads {@code -S} in the cluster's local time; the handler runs on the cluster. */
    static String sacctTime(Instant instant, ZoneId zone) {
        return LocalDateTime.ofInstant(instant, zone).truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
