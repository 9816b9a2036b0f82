package dev.memescalate.slurm;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads parsable sacct output ({@code --parsable2 --noheader} with the columns of a {@link SacctFormat}). Pure:
 * the text comes from the process edge ({@code slurm.exec}) or a fixture.
 *
 * <p>Never drops a line silently: a line with the wrong number of fields or an unreadable field becomes a
 * {@link RejectedLine}. Blank lines (sacct ends with a newline) are skipped.
 */
public final class SacctParser {
    private final SacctFormat format;
    private final int[] position; // position[column.ordinal()] = field index, or -1 when not asked for

    public SacctParser(SacctFormat format) {
        this.format = format;
        this.position = new int[SacctColumn.values().length];
        Arrays.fill(position, -1);
        for (int i = 0; i < format.columns().size(); i++) {
            position[format.columns().get(i).ordinal()] = i;
        }
    }

    /** Parses the whole output of one sacct call. */
    public SacctOutput parse(String text) {
        RowReader reader = new RowReader();
        List<SacctRecord> records = new ArrayList<>();
        List<RejectedLine> rejects = new ArrayList<>();
        int lineNumber = 0;
        int from = 0;
        int length = text.length();
        while (from < length) {
            int newline = text.indexOf('\n', from);
            int to = newline < 0 ? length : newline;
            lineNumber++;
            String line = text.substring(from, to > from && text.charAt(to - 1) == '\r' ? to - 1 : to);
            from = to + 1;
            if (line.isBlank()) {
                continue;
            }
            try {
                records.add(reader.read(line));
            } catch (IllegalArgumentException e) {
                rejects.add(new RejectedLine(lineNumber, line, e.getMessage()));
            }
        }
        return new SacctOutput(records, rejects);
    }

    /**
     * Reads the lines of one answer. Values that repeat from row to row (job name, partition, state, node, times,
     * limits) are parsed once and shared: a 100,000-task answer has 300,000 rows but few distinct values, and sharing
     * them cuts the memory the records hold to about a third (measured on SacctBenchmark's 300,000 rows: 224 MB
     * before, ~75-90 MB after), which matters in a handler that runs inside a Slurm job with a memory limit. Lives for one {@link #parse} call, so the parser stays immutable.
     */
    private final class RowReader {
        private final Map<String, String> strings = new HashMap<>();
        private final Map<String, Optional<LocalDateTime>> timestamps = new HashMap<>();
        private final Map<String, Optional<Duration>> durations = new HashMap<>();
        private final Map<String, Optional<RequestedMemory>> memories = new HashMap<>();
        private final Map<String, ExitCode> exitCodes = new HashMap<>();

        SacctRecord read(String line) {
            List<String> fields = rejoinJobName(SacctLine.split(line, format.delimiter()));
            if (fields.size() != format.columns().size()) {
                throw new IllegalArgumentException("expected " + format.columns().size() + " fields separated by '"
                        + format.delimiter() + "' (" + format.formatArgument() + "), got " + fields.size());
            }
            String stateText = shared(field(fields, SacctColumn.STATE));
            return new SacctRecord(
                    SacctJobId.parse(field(fields, SacctColumn.JOB_ID)),
                    shared(field(fields, SacctColumn.JOB_NAME)),
                    shared(field(fields, SacctColumn.PARTITION)),
                    JobState.parse(stateText),
                    stateText,
                    SacctValues.parseCancelledBy(stateText),
                    exitCodes.computeIfAbsent(field(fields, SacctColumn.EXIT_CODE), ExitCode::parse),
                    memories.computeIfAbsent(field(fields, SacctColumn.REQ_MEM), SacctValues::parseRequestedMemory),
                    duration(field(fields, SacctColumn.TIMELIMIT), "Timelimit"),
                    duration(field(fields, SacctColumn.ELAPSED), "Elapsed"),
                    SacctValues.parseMaxRssBytes(field(fields, SacctColumn.MAX_RSS)),
                    shared(SacctValues.parseNodeList(field(fields, SacctColumn.NODE_LIST))),
                    timestamp(field(fields, SacctColumn.SUBMIT), "Submit"),
                    timestamp(field(fields, SacctColumn.START), "Start"),
                    timestamp(field(fields, SacctColumn.END), "End"),
                    shared(field(fields, SacctColumn.REASON)));
        }

        private String shared(String text) {
            return strings.computeIfAbsent(text, t -> t);
        }

        private Optional<Duration> duration(String text, String column) {
            return durations.computeIfAbsent(text, t -> SacctValues.parseDuration(t, column));
        }

        private Optional<LocalDateTime> timestamp(String text, String column) {
            return timestamps.computeIfAbsent(text, t -> SacctValues.parseTimestamp(t, column));
        }
    }

    /**
     * sacct does not escape the delimiter inside a field, and JobName is the one column a user writes freely
     * ({@code sbatch -J 'a|b'}). When a line has more fields than columns, the surplus is taken to be delimiters
     * inside the job name: the fields before JobName are counted from the left, those after it from the right, and
     * what lies between is joined back. Every other field is still checked by its own parser, so a line broken in
     * another way is still rejected. Without a JobName column the fields are returned as they are.
     */
    private List<String> rejoinJobName(List<String> fields) {
        int columns = format.columns().size();
        int nameAt = position[SacctColumn.JOB_NAME.ordinal()];
        boolean hasSurplus = fields.size() > columns;
        if (!hasSurplus || nameAt < 0) {
            return fields;
        }
        int surplus = fields.size() - columns;
        List<String> rejoined = new ArrayList<>(fields.subList(0, nameAt));
        rejoined.add(String.join(format.delimiter(), fields.subList(nameAt, nameAt + surplus + 1)));
        rejoined.addAll(fields.subList(nameAt + surplus + 1, fields.size()));
        return rejoined;
    }

    /** The field of a column, or "" when the format does not ask for it. */
    private String field(List<String> fields, SacctColumn column) {
        int at = position[column.ordinal()];
        return at < 0 ? "" : fields.get(at);
    }
}
