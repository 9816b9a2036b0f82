package dev.memescalate.slurm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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

    public SacctFormat format() {
        return format;
    }

    /** Parses the whole output of one sacct call. */
    public SacctOutput parse(String text) {
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
                records.add(parseLine(line));
            } catch (IllegalArgumentException e) {
                rejects.add(new RejectedLine(lineNumber, line, e.getMessage()));
            }
        }
        return new SacctOutput(records, rejects);
    }

    /** Parses one line; throws {@link IllegalArgumentException} saying what is wrong with it. */
    public SacctRecord parseLine(String line) {
        List<String> fields = SacctLine.split(line, format.delimiter());
        if (fields.size() != format.columns().size()) {
            throw new IllegalArgumentException("expected " + format.columns().size() + " fields separated by '"
                    + format.delimiter() + "' (" + format.formatArgument() + "), got " + fields.size());
        }
        String stateText = field(fields, SacctColumn.STATE);
        return new SacctRecord(
                SacctJobId.parse(field(fields, SacctColumn.JOB_ID)),
                field(fields, SacctColumn.JOB_NAME),
                field(fields, SacctColumn.PARTITION),
                JobState.parse(stateText),
                stateText,
                SacctValues.parseCancelledBy(stateText),
                ExitCode.parse(field(fields, SacctColumn.EXIT_CODE)),
                SacctValues.parseRequestedMemory(field(fields, SacctColumn.REQ_MEM)),
                SacctValues.parseDuration(field(fields, SacctColumn.TIMELIMIT), "Timelimit"),
                SacctValues.parseDuration(field(fields, SacctColumn.ELAPSED), "Elapsed"),
                SacctValues.parseMaxRssBytes(field(fields, SacctColumn.MAX_RSS)),
                SacctValues.parseNodeList(field(fields, SacctColumn.NODE_LIST)),
                SacctValues.parseTimestamp(field(fields, SacctColumn.SUBMIT), "Submit"),
                SacctValues.parseTimestamp(field(fields, SacctColumn.START), "Start"),
                SacctValues.parseTimestamp(field(fields, SacctColumn.END), "End"),
                field(fields, SacctColumn.REASON));
    }

    /** The field of a column, or "" when the format does not ask for it. */
    private String field(List<String> fields, SacctColumn column) {
        int at = position[column.ordinal()];
        return at < 0 ? "" : fields.get(at);
    }
}
