package dev.memescalate.observe;

import dev.memescalate.slurm.SacctColumn;
import dev.memescalate.slurm.SacctFormat;
import dev.memescalate.slurm.SacctOutput;
import dev.memescalate.slurm.SacctParser;
import dev.memescalate.slurm.SacctRecord;
import dev.memescalate.slurm.Slurm;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** How plain jobs (handlers, finalizers) ended, from one {@code sacct -X} call: why a chain is STALLED. */
public final class HandlerFates {
    /** Allocation rows: state, exit code, how long it ran and where; array tasks' rows fit the same columns. */
    static final SacctFormat FORMAT = new SacctFormat(List.of(SacctColumn.JOB_ID, SacctColumn.STATE,
            SacctColumn.EXIT_CODE, SacctColumn.ELAPSED, SacctColumn.NODE_LIST), "|");

    private HandlerFates() {
    }

    /** The argv of one {@code sacct -X} call for {@code jobIds}, submitted since {@code since}. */
    static List<String> sacctArgs(Collection<String> jobIds, Instant since, ZoneId sacctZone) {
        List<String> argv = new ArrayList<>(List.of("-X", "--jobs=" + String.join(",", jobIds),
                "--starttime=" + LocalDateTime.ofInstant(since.minus(1, ChronoUnit.MINUTES), sacctZone)
                        .truncatedTo(ChronoUnit.SECONDS),
                "--endtime=now"));
        argv.addAll(FORMAT.options());
        return argv;
    }

    /** Asks sacct once; throws {@link dev.memescalate.slurm.SlurmException} when it fails. */
    public static Map<String, HandlerFate> ask(Slurm slurm, Set<String> jobIds, Instant since, ZoneId sacctZone) {
        if (jobIds.isEmpty()) {
            return Map.of();
        }
        return of(new SacctParser(FORMAT).parse(slurm.accounting(sacctArgs(jobIds, since, sacctZone))), jobIds);
    }

    /** The rows of plain jobs among {@code jobIds} in a parsed answer of {@link #FORMAT}. */
    static Map<String, HandlerFate> of(SacctOutput output, Set<String> jobIds) {
        Map<String, HandlerFate> fates = new HashMap<>();
        for (SacctRecord row : output.records()) {
            String id = Long.toString(row.jobId());
            if (row.id().isPlainJob() && row.isAllocation() && jobIds.contains(id)) {
                fates.put(id, new HandlerFate(id, row.stateText(), row.exitCode().toString(), row.elapsed(),
                        row.nodeList().isEmpty() ? Optional.empty() : Optional.of(row.nodeList())));
            }
        }
        return fates;
    }
}
