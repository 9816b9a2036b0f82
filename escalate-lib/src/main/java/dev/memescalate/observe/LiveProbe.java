package dev.memescalate.observe;

import dev.memescalate.slurm.QueueQuery;
import dev.memescalate.slurm.SacctOutput;
import dev.memescalate.slurm.SacctParser;
import dev.memescalate.slurm.Slurm;
import dev.memescalate.slurm.SlurmException;
import dev.memescalate.store.RoundRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
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
        try {
            SacctOutput output = new SacctParser(HandlerFates.FORMAT).parse(slurm.accounting(
                    HandlerFates.sacctArgs(new LinkedHashSet<>(ids), since, sacctZone)));
            ended = EndedCounts.of(output);
            fates = HandlerFates.of(output, plainJobIds(snapshot));
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
}
