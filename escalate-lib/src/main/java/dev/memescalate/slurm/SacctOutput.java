package dev.memescalate.slurm;

import java.util.List;
import java.util.Optional;

/**
 * Everything read from one sacct answer: the rows that parsed and the lines that did not. A reader must look at
 * {@link #rejects()}: a line that could not be read may be the one row that says a task failed.
 */
public record SacctOutput(List<SacctRecord> records, List<RejectedLine> rejects) {
    public SacctOutput {
        records = List.copyOf(records);
        rejects = List.copyOf(rejects);
    }

    /** True when every non-blank line parsed. */
    public boolean isClean() {
        return rejects.isEmpty();
    }

    /** The allocation row of a plain job (a handler job such as {@code 135}); empty when sacct has none yet. */
    public Optional<SacctRecord> plainJobRow(long jobId) {
        SacctRecord found = null;
        for (SacctRecord record : records) {
            boolean isThatJob = record.jobId() == jobId && record.id().isPlainJob() && record.isAllocation();
            if (isThatJob) {
                found = record; // the last row wins, as for duplicate task rows (see TaskAccounting)
            }
        }
        return Optional.ofNullable(found);
    }
}
