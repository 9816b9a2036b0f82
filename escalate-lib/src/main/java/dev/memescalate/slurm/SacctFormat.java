package dev.memescalate.slurm;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The columns and delimiter of a sacct query, so that the argv that asks sacct and the parser that reads its answer
 * are built from one value.
 *
 * <p>Build the sacct argv as {@code sacct} + {@link #options()} + the caller's selection ({@code -j ID -S SUBMIT}),
 * and run it with {@link #ENVIRONMENT} added to the environment.
 */
public record SacctFormat(List<SacctColumn> columns, String delimiter) {

    // Declared before STANDARD: static fields initialise in text order and the constructor reads this one.
    private static final Set<SacctColumn> REQUIRED =
            EnumSet.of(SacctColumn.JOB_ID, SacctColumn.STATE, SacctColumn.EXIT_CODE);

    /** The columns this tool asks for, in this order (the fixtures in slurm-22.05 use exactly this order). */
    public static final SacctFormat STANDARD = new SacctFormat(
            List.of(SacctColumn.JOB_ID, SacctColumn.JOB_NAME, SacctColumn.PARTITION, SacctColumn.STATE,
                    SacctColumn.EXIT_CODE, SacctColumn.REQ_MEM, SacctColumn.TIMELIMIT, SacctColumn.ELAPSED,
                    SacctColumn.MAX_RSS, SacctColumn.NODE_LIST, SacctColumn.SUBMIT, SacctColumn.START,
                    SacctColumn.END),
            "|");

    /**
     * Only the columns the handler uses of a round's answer ({@link RoundAccounting}): what it classifies (State,
     * ExitCode), records per attempt (Elapsed, MaxRSS, NodeList, Start, End, AllocCPUS) and nothing it does not
     * (JobName, Partition, ReqMem, Timelimit, Submit). A quarter fewer bytes than {@link #STANDARD} for the same
     * tasks (281 MB instead of 384 MB for a million tasks in SacctStreamBenchmark), and without JobName no field can
     * contain the delimiter.
     */
    public static final SacctFormat ROUND = new SacctFormat(
            List.of(SacctColumn.JOB_ID, SacctColumn.STATE, SacctColumn.EXIT_CODE, SacctColumn.ELAPSED,
                    SacctColumn.MAX_RSS, SacctColumn.NODE_LIST, SacctColumn.START, SacctColumn.END,
                    SacctColumn.ALLOC_CPUS),
            "|");

    /**
     * Environment for every sacct call. {@code SLURM_BITSTR_LEN=0}: sacct otherwise cuts array task expressions such
     * as {@code 134_[6-11,15%4]} at 64 bytes, and a cut range would lose pending indices. {@code
     * SLURM_TIME_FORMAT=standard}: Submit/Start/End as {@code 2026-11-21T19:41:52}, whatever the user's own setting.
     */
    public static final Map<String, String> ENVIRONMENT =
            Map.of("SLURM_BITSTR_LEN", "0", "SLURM_TIME_FORMAT", "standard");

    public SacctFormat {
        columns = List.copyOf(columns);
        if (new HashSet<>(columns).size() != columns.size()) {
            throw new IllegalArgumentException("sacct columns must not repeat, got " + columns);
        }
        if (!columns.containsAll(REQUIRED)) {
            throw new IllegalArgumentException("sacct columns must include JobID, State and ExitCode, got " + columns);
        }
        boolean delimiterUsable = !delimiter.isEmpty() && delimiter.indexOf('\n') < 0 && delimiter.indexOf('\r') < 0;
        if (!delimiterUsable) {
            throw new IllegalArgumentException("sacct delimiter must be non-empty and on one line, got '" + delimiter + "'");
        }
    }

    /** The same columns separated by another delimiter, e.g. {@code ^|^} when job names may contain {@code |}. */
    public SacctFormat withDelimiter(String otherDelimiter) {
        return new SacctFormat(columns, otherDelimiter);
    }

    /** The {@code --format} value: {@code JobID,JobName,...}. */
    public String formatArgument() {
        return columns.stream().map(SacctColumn::sacctName).collect(Collectors.joining(","));
    }

    /**
     * The output options of the sacct argv: {@code --noheader --parsable2 [--delimiter=X] --format=...}.
     * {@code --parsable2} prints fields unpadded with no trailing delimiter; man sacct documents {@code --delimiter}
     * as applying to -p/-P, so both are passed together.
     */
    public List<String> options() {
        List<String> options = new ArrayList<>(List.of("--noheader", "--parsable2"));
        if (!delimiter.equals("|")) {
            options.add("--delimiter=" + delimiter);
        }
        options.add("--format=" + formatArgument());
        return List.copyOf(options);
    }

    /** The format of output printed with a header line (sacct without {@code --noheader}), e.g. {@code JobID|State|ExitCode}. */
    public static SacctFormat fromHeader(String headerLine, String delimiter) {
        List<SacctColumn> columns = new ArrayList<>();
        for (String name : SacctLine.split(headerLine, delimiter)) {
            columns.add(SacctColumn.bySacctName(name).orElseThrow(() -> new IllegalArgumentException(
                    "sacct header names a column this tool does not read: '" + name + "' in '" + headerLine + "'")));
        }
        return new SacctFormat(columns, delimiter);
    }
}
