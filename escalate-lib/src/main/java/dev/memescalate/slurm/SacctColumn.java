package dev.memescalate.slurm;

import java.util.Locale;
import java.util.Optional;

/** The sacct {@code --format} fields this tool reads, with the name sacct takes on its command line and prints in its header. */
public enum SacctColumn {
    /** {@code 134_0}, {@code 134_0.batch}, {@code 134_[6-11%4]}, {@code 148}. Required. */
    JOB_ID("JobID"),
    JOB_NAME("JobName"),
    PARTITION("Partition"),
    /** {@code COMPLETED}, {@code CANCELLED by 0}. Required. */
    STATE("State"),
    /** {@code rc:signal}, e.g. {@code 0:125}. Required. */
    EXIT_CODE("ExitCode"),
    /** Requested memory: {@code 200M}; {@code 4000Mc}/{@code 4000Mn} before Slurm 21.08; blank on step rows. */
    REQ_MEM("ReqMem"),
    /** {@code 00:01:00}, {@code UNLIMITED}, {@code Partition_Limit}; blank on step rows. */
    TIMELIMIT("Timelimit"),
    ELAPSED("Elapsed"),
    /** Only on step rows ({@code .batch}, {@code .extern}, {@code .0}); blank on allocation rows. */
    MAX_RSS("MaxRSS"),
    NODE_LIST("NodeList"),
    SUBMIT("Submit"),
    START("Start"),
    END("End"),
    /** Why a job is pending or ended ({@code Dependency}, {@code None}). */
    REASON("Reason"),
    /** CPUs allocated to the job or step: {@code 4}; {@code 0} while pending. */
    ALLOC_CPUS("AllocCPUS");

    private final String sacctName;

    SacctColumn(String sacctName) {
        this.sacctName = sacctName;
    }

    /** The name as written in {@code --format} and in sacct's header line. */
    public String sacctName() {
        return sacctName;
    }

    /** The column with this sacct name (case-insensitive, as sacct accepts it); empty when there is none. */
    public static Optional<SacctColumn> bySacctName(String name) {
        String wanted = name.strip().toLowerCase(Locale.ROOT);
        for (SacctColumn column : values()) {
            if (column.sacctName.toLowerCase(Locale.ROOT).equals(wanted)) {
                return Optional.of(column);
            }
        }
        return Optional.empty();
    }
}
