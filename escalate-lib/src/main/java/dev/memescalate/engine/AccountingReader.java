package dev.memescalate.engine;

import dev.memescalate.indexset.IndexSet;
import dev.memescalate.slurm.Retry;
import dev.memescalate.slurm.SacctFormat;
import dev.memescalate.slurm.SacctOutput;
import dev.memescalate.slurm.SacctParser;
import dev.memescalate.slurm.SacctRecord;
import dev.memescalate.slurm.Sleeper;
import dev.memescalate.slurm.Slurm;
import dev.memescalate.slurm.SlurmException;
import dev.memescalate.slurm.TaskAccounting;
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
import java.util.stream.Collectors;

/**
 * Reads a round's tasks from sacct until every expected index has a terminal row, or the wait limit passes.
 *
 * <p>sacct can briefly lie: right after an array ends, a first query may return a single wrong row, or leave tasks out
 * (end records appear ~0.1 s after a task ends, start records up to ~3 s late). So a failing sacct, a short answer,
 * a bogus row or a line that cannot be read is asked again with backoff, and never read as success.
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
    private final SacctParser parser = new SacctParser(SacctFormat.STANDARD);

    public AccountingReader(Slurm slurm, Clock clock, Sleeper sleeper, Duration waitLimit) {
        this.slurm = slurm;
        this.clock = clock;
        this.sleeper = sleeper;
        this.waitLimit = waitLimit;
    }

    /**
     * What sacct said of each array job of a round.
     *
     * @param byJob the folded accounting per array job id, in the order asked
     * @param complete every expected index has a terminal row
     * @param queries how many sacct calls it took
     * @param lastProblem why the last incomplete answer was incomplete, for the event log
     */
    public record Reading(Map<String, TaskAccounting> byJob, boolean complete, int queries, Optional<String> lastProblem) {
        public Reading {
            byJob = Map.copyOf(byJob);
        }
    }

    /**
     * @param expected the indices expected of each array job id
     * @param submittedAt when the round was submitted: sacct's {@code -S}, so that an old record with a reused job id
     *     (ids restart when slurmctld's state is wiped, while slurmdbd keeps the old records) is never read as ours
     */
    public Reading read(Map<String, IndexSet> expected, Instant submittedAt) {
        List<String> argv = new ArrayList<>();
        argv.add("--jobs=" + String.join(",", expected.keySet()));
        argv.add("--starttime=" + sacctTime(submittedAt.minus(1, ChronoUnit.MINUTES)));
        argv.add("--endtime=now");
        argv.addAll(SacctFormat.STANDARD.options());

        Instant deadline = clock.instant().plus(waitLimit);
        Map<String, TaskAccounting> latest = new LinkedHashMap<>();
        String problem = null;
        for (int query = 1; ; query++) {
            try {
                SacctOutput output = parser.parse(slurm.accounting(argv));
                latest.clear();
                latest.putAll(foldEachJob(expected, output));
                boolean complete = latest.values().stream().allMatch(TaskAccounting::isComplete);
                if (complete) {
                    return new Reading(latest, true, query, Optional.empty());
                }
                // A line that could not be read may be the row that says how a task ended (a later row of a
                // requeued task), so an answer with one is not final either (TaskAccounting#isComplete).
                IndexSet unsettled = latest.values().stream()
                        .map(TaskAccounting::unsettled)
                        .reduce(IndexSet.empty(), IndexSet::union);
                problem = !unsettled.isEmpty()
                        ? unsettled.size() + " task(s) without a terminal sacct row yet"
                        : output.rejects().size() + " line(s) of sacct's answer could not be read, the first: "
                                + output.rejects().get(0);
            } catch (SlurmException failed) {
                problem = "sacct failed: " + failed.getMessage();
            }
            Duration wait = BACKOFF.delayAfterAttempt(query);
            boolean outOfTime = !clock.instant().plus(wait).isBefore(deadline);
            if (outOfTime) {
                return new Reading(latest, false, query, Optional.of(problem));
            }
            sleeper.pause(wait, "for sacct");
        }
    }

    /**
     * One answer covers every array of the round: its rows are grouped by job once, and each array is folded over
     * its own rows only (folding each over the whole answer costs arrays x rows).
     */
    private static Map<String, TaskAccounting> foldEachJob(Map<String, IndexSet> expected, SacctOutput output) {
        Map<Long, List<SacctRecord>> rowsByJob = output.records().stream()
                .collect(Collectors.groupingBy(SacctRecord::jobId));
        Map<String, TaskAccounting> byJob = new LinkedHashMap<>();
        for (Map.Entry<String, IndexSet> job : expected.entrySet()) {
            long id = Long.parseLong(job.getKey());
            SacctOutput ownRows = new SacctOutput(rowsByJob.getOrDefault(id, List.of()), output.rejects());
            byJob.put(job.getKey(), TaskAccounting.fold(id, job.getValue(), ownRows));
        }
        return byJob;
    }

    /** sacct reads {@code -S} in the cluster's local time; the handler runs on the cluster. */
    static String sacctTime(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneId.systemDefault()).truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
