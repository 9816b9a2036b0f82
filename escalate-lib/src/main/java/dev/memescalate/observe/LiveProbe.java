package dev.memescalate.observe;

import dev.memescalate.slurm.QueueQuery;
import dev.memescalate.slurm.SacctColumn;
import dev.memescalate.slurm.SacctFormat;
import dev.memescalate.slurm.SacctOutput;
import dev.memescalate.slurm.SacctParser;
import dev.memescalate.slurm.SacctRecord;
import dev.memescalate.slurm.Slurm;
import dev.memescalate.slurm.SlurmException;
import dev.memescalate.store.RoundRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Asks Slurm about one chain's live jobs, as cheaply as a view that refreshes every few seconds must: one
 * {@code squeue -r -j IDS} per refresh, for this chain's job ids only, and at most one {@code sacct} call every
 * {@link #SACCT_INTERVAL} (sacct's man page asks not to be polled in tight loops; slurmdbd answers for the whole
 * cluster). Between sacct calls the last answer is shown with its time. Keep one probe per chain and view.
 */
public final class LiveProbe {
    /** The least time between two sacct calls of one probe. */
    public static final Duration SACCT_INTERVAL = Duration.ofSeconds(30);

    /** Allocation rows of the chain's live jobs: three short fields a task, plus how a plain job ended. */
    static final SacctFormat FORMAT = new SacctFormat(List.of(SacctColumn.JOB_ID, SacctColumn.STATE,
            SacctColumn.EXIT_CODE, SacctColumn.ELAPSED, SacctColumn.NODE_LIST), "|");

    private final Slurm slurm;
    private final Clock clock;
    private final ZoneId sacctZone;
    private Instant lastSacct;
    private Map<String, EndedCounts> ended = Map.of();
    private Map<String, HandlerFate> fates = Map.of();
    private Optional<String> sacctProblem = Optional.empty();

    /** @param sacctZone the zone sacct reads {@code -S} in: the cluster's, the machine's own on a login node */
    public LiveProbe(Slurm slurm, Clock clock, ZoneId sacctZone) {
        this.slurm = slurm;
        this.clock = clock;
        this.sacctZone = sacctZone;
    }

    /** One refresh: squeue for the chain's live jobs, and sacct when the last call is old enough. */
    public Live observe(ChainSnapshot snapshot) {
        Instant now = clock.instant();
        List<String> ids = snapshot.liveJobIds();
        if (ids.isEmpty()) {
            return Live.nothingLive(now);
        }
        Optional<QueueSnapshot> queue;
        Optional<String> queueProblem;
        try {
            queue = Optional.of(QueueSnapshot.of(slurm.queue(QueueQuery.byJobIds(Set.copyOf(ids)).expandingArrays())));
            queueProblem = Optional.empty();
        } catch (SlurmException failed) {
            queue = Optional.empty();
            queueProblem = Optional.of("squeue failed: " + failed.getMessage());
        }
        if (sacctIsDue(now)) {
            askSacct(snapshot, ids, now);
        }
        return new Live(now, queue, queueProblem, ended, Optional.ofNullable(lastSacct), fates, sacctProblem);
    }

    /** Whether {@link #observe} would call sacct now. */
    public boolean sacctIsDue(Instant now) {
        return lastSacct == null || !now.isBefore(lastSacct.plus(SACCT_INTERVAL));
    }

    private void askSacct(ChainSnapshot snapshot, List<String> ids, Instant now) {
        lastSacct = now;
        Instant since = snapshot.activeRounds().stream()
                .map(r -> r.submittedAt().orElse(r.createdAt()))
                .min(Instant::compareTo)
                .orElse(snapshot.chain().createdAt());
        List<String> argv = new ArrayList<>(List.of("-X", "--jobs=" + String.join(",", new LinkedHashSet<>(ids)),
                "--starttime=" + sacctTime(since.minus(1, ChronoUnit.MINUTES)), "--endtime=now"));
        argv.addAll(FORMAT.options());
        try {
            SacctOutput output = new SacctParser(FORMAT).parse(slurm.accounting(argv));
            ended = EndedCounts.of(output);
            fates = fates(output, plainJobIds(snapshot));
            sacctProblem = Optional.empty();
        } catch (SlurmException failed) {
            sacctProblem = Optional.of("sacct failed: " + failed.getMessage());
        }
    }

    private static Set<String> plainJobIds(ChainSnapshot snapshot) {
        Set<String> ids = new LinkedHashSet<>();
        for (RoundRecord round : snapshot.activeRounds()) {
            snapshot.handlersOf(round.number()).forEach(job -> ids.add(job.slurmJobId().orElseThrow()));
        }
        return ids;
    }

    private static Map<String, HandlerFate> fates(SacctOutput output, Set<String> plainIds) {
        Map<String, HandlerFate> fates = new HashMap<>();
        for (SacctRecord row : output.records()) {
            String id = Long.toString(row.jobId());
            if (row.id().isPlainJob() && row.isAllocation() && plainIds.contains(id)) {
                fates.put(id, new HandlerFate(id, row.stateText(), row.exitCode().toString(), row.elapsed(),
                        row.nodeList().isEmpty() ? Optional.empty() : Optional.of(row.nodeList())));
            }
        }
        return fates;
    }

    private String sacctTime(Instant instant) {
        return LocalDateTime.ofInstant(instant, sacctZone).truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
