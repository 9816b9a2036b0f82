package dev.memescalate.slurm;

import dev.memescalate.indexset.ArraySpec;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Arrays;

/**
 * Reads one line of parsable sacct output in place, in the bytes it arrived in: no String, no object and no copy per
 * row, and one pass over the line's bytes (cutting it at the delimiters), or none where the reader of sacct's output
 * found the delimiters already ({@link Line#knowsDelimiter(byte)}); then only the fields the row needs are read.
 * Texts that repeat (State, ExitCode, NodeList) become ids in {@link TextTable}s, numbers and times become
 * primitives. After {@link #read} the fields below describe that row until the next read. Used by
 * {@link RoundAccounting.Folder}.
 *
 * <p>The forms sacct prints ({@code 134_7.batch}, {@code 00:01:02}, {@code 4648K}, {@code 2026-11-21T19:41:52})
 * are read directly; anything else goes to the parsers {@link SacctParser} uses ({@link SacctJobId#parse},
 * {@link SacctValues}), so both accept and reject the same texts, with the same messages. Columns the fold does not
 * use (JobName, Partition, ReqMem, Timelimit, Submit, Reason) are counted as fields but not read or checked, and
 * neither are those it does not use of a row: an allocation row's MaxRSS, a step's Elapsed, NodeList, Start, End and
 * AllocCPUS, and the State and ExitCode of a step other than {@code .batch} (sacct prints two step rows per task).
 */
final class SacctRowReader {
    /** A number that sacct left blank, or a column the format does not ask for. */
    static final long NO_VALUE = -1;
    /** A time that sacct left blank, {@code Unknown} or {@code None}, or a column the format does not ask for. */
    static final long NO_TIME = Long.MIN_VALUE;

    /** Direct-mapped cache of the epoch second of a minute: rows of one answer start and end in few minutes. */
    private static final int MINUTE_CACHE_SIZE = 256;
    /** Which memo of the last minute read ({@link #lastMinuteText}) a time column uses. */
    private static final int START = 0;
    private static final int END = 1;

    private final SacctFormat format;
    private final byte[] delimiter;
    /** The one-byte ASCII delimiter a reader of the output may find for us, or {@link LineSink#NO_FIELD_DELIMITER}. */
    final int fieldDelimiter;
    private final int[] position; // position[column.ordinal()] = field index in the format, or -1
    private final int nameAt;
    private final ZoneId zone;

    final TextTable<JobState> states = new TextTable<>(JobState::parse);
    final TextTable<ExitCode> exitCodes = new TextTable<>(ExitCode::parse);
    final TextTable<String> nodeLists = new TextTable<>(SacctValues::parseNodeList);

    /** The line last read: {@code bytes[lineFrom, lineTo)}, a view of the caller's buffer. */
    private byte[] bytes;
    private int lineFrom;
    private int lineTo;
    private int[] fieldFrom = new int[32];
    private int[] fieldTo = new int[32];
    private int fieldCount;
    private int surplus;
    private final long[] cachedMinute = new long[MINUTE_CACHE_SIZE];
    private final long[] cachedMinuteEpoch = new long[MINUTE_CACHE_SIZE];
    /** Per time column (Start, End): the {@code YYYY-MM-DDTHH:MM} last read and its epoch second; most rows repeat it. */
    private final byte[][] lastMinuteText = {new byte[16], new byte[16]};
    private final long[] lastMinuteEpoch = {NO_TIME, NO_TIME};

    // The row last read.
    long jobId;
    /** The index of a {@code 134_3} row, -1 for a pending range or a plain row. */
    int taskIndex;
    /** The tasks of a {@code 134_[6-11%4]} row, null otherwise. */
    ArraySpec pendingTasks;
    /** A step row ({@code .batch}, {@code .extern}, {@code .0}), not an allocation row. */
    boolean isStep;
    boolean isBatchStep;
    /** {@link #exitCode} of a step row that sacct printed without one, or of a step other than {@code .batch}. */
    static final int NO_EXIT_CODE = -1;
    /** {@link #state} of a step other than {@code .batch}: not read. */
    static final int NOT_READ = -1;
    /**
     * Ids in {@link #states}, {@link #exitCodes} ({@link #NO_EXIT_CODE} for a step without one); {@code nodeList} is
     * -1 without a NodeList column.
     */
    int state;
    int exitCode;
    int nodeList;
    long elapsedSeconds;
    long maxRssBytes;
    long startEpochSecond;
    long endEpochSecond;
    int allocCpus;
    private int jobIdFrom;
    private int jobIdTo;

    SacctRowReader(SacctFormat format, ZoneId zone) {
        this.format = format;
        this.zone = zone;
        this.delimiter = format.delimiter().getBytes(StandardCharsets.UTF_8);
        this.fieldDelimiter = delimiter.length == 1 && delimiter[0] >= 0 && delimiter[0] != '\n'
                && delimiter[0] != '\r' ? delimiter[0] : LineSink.NO_FIELD_DELIMITER;
        this.position = new int[SacctColumn.values().length];
        Arrays.fill(position, -1);
        for (int i = 0; i < format.columns().size(); i++) {
            position[format.columns().get(i).ordinal()] = i;
        }
        this.nameAt = position[SacctColumn.JOB_NAME.ordinal()];
        Arrays.fill(cachedMinute, -1);
    }

    /**
     * Reads a line. False for a blank line (skipped, as {@link SacctParser} does); throws
     * {@link IllegalArgumentException} naming the problem for a line that cannot be read, leaving the fields
     * undefined.
     */
    boolean read(Line line) {
        bytes = line.bytes();
        lineFrom = line.from();
        lineTo = line.to();
        split(line);
        if (fieldCount == 1 && isBlank()) {
            return false;
        }
        checkFieldCount();
        readJobId(field(SacctColumn.JOB_ID));
        if (isStep) {
            readStep();
            return true;
        }
        maxRssBytes = NO_VALUE;
        readStateAndExitCode();
        int at = field(SacctColumn.NODE_LIST);
        nodeList = at < 0 ? -1 : nodeLists.intern(bytes, fieldFrom[at], fieldTo[at]);
        at = field(SacctColumn.ELAPSED);
        elapsedSeconds = at < 0 ? NO_VALUE : elapsed(fieldFrom[at], fieldTo[at]);
        at = field(SacctColumn.START);
        startEpochSecond = at < 0 ? NO_TIME : epochSecond(fieldFrom[at], fieldTo[at], START);
        at = field(SacctColumn.END);
        endEpochSecond = at < 0 ? NO_TIME : epochSecond(fieldFrom[at], fieldTo[at], END);
        at = field(SacctColumn.ALLOC_CPUS);
        allocCpus = at < 0 ? (int) NO_VALUE : allocCpus(fieldFrom[at], fieldTo[at]);
        return true;
    }

    /**
     * The columns a step row is read for: its MaxRSS, and the state and exit code of a {@code .batch} step. The others
     * (two of every three rows of an answer are steps) are neither read nor checked, like the columns the fold does
     * not use at all.
     */
    private void readStep() {
        int at = field(SacctColumn.MAX_RSS);
        maxRssBytes = at < 0 ? NO_VALUE : maxRss(fieldFrom[at], fieldTo[at]);
        if (isBatchStep) {
            readStateAndExitCode();
        } else {
            state = NOT_READ;
            exitCode = NO_EXIT_CODE;
        }
        nodeList = -1;
        elapsedSeconds = NO_VALUE;
        startEpochSecond = NO_TIME;
        endEpochSecond = NO_TIME;
        allocCpus = (int) NO_VALUE;
    }

    private void readStateAndExitCode() {
        int at = field(SacctColumn.STATE);
        state = states.intern(bytes, fieldFrom[at], fieldTo[at]);
        at = field(SacctColumn.EXIT_CODE);
        // A step that a node failure ended has no exit code: sacct prints nothing (measured on 22.05 with JobRequeue
        // 0 and 1: "3976_0.batch|CANCELLED||00:00:04|..." under "3976_0|NODE_FAIL|0:0|..."). An allocation row
        // always has one.
        exitCode = isStep && fieldFrom[at] == fieldTo[at] ? NO_EXIT_CODE
                : exitCodes.intern(bytes, fieldFrom[at], fieldTo[at]);
    }

    /** The JobID of the row last read, as printed. */
    String jobIdText() {
        return text(jobIdFrom, jobIdTo);
    }

    /** The line last read (without a trailing {@code \r}). */
    String lineText() {
        return text(lineFrom, lineTo);
    }

    private String text(int from, int to) {
        return new String(bytes, from, to - from, StandardCharsets.UTF_8);
    }

    /** Only whitespace, as {@link SacctParser} sees it in the decoded line (asked only of a line without delimiter). */
    private boolean isBlank() {
        return lineText().chars().allMatch(Character::isWhitespace);
    }

    /**
     * Cuts the line at every delimiter (from their positions where the reader of the output found them already). A
     * line with more fields than columns is read when the format has JobName: the surplus is taken to be delimiters
     * inside the job name, as in {@link SacctParser} (the fields before JobName count from the left, those after it
     * from the right).
     */
    private void split(Line line) {
        fieldCount = 0;
        int from = lineFrom;
        if (delimiter.length == 1 && line.knowsDelimiter(delimiter[0])) {
            int[] at = line.delimiterPositions();
            for (int k = line.delimitersFrom(), end = line.delimitersTo(); k < end; k++) {
                addField(from, at[k]);
                from = at[k] + 1;
            }
        } else if (delimiter.length == 1) {
            byte only = delimiter[0];
            for (int i = lineFrom; i < lineTo; i++) {
                if (bytes[i] == only) {
                    addField(from, i);
                    from = i + 1;
                }
            }
        } else {
            int last = lineTo - delimiter.length;
            for (int i = lineFrom; i <= last; ) {
                if (delimiterAt(i)) {
                    addField(from, i);
                    i += delimiter.length;
                    from = i;
                } else {
                    i++;
                }
            }
        }
        addField(from, lineTo);
    }

    private void checkFieldCount() {
        int columns = format.columns().size();
        boolean rejoinable = fieldCount > columns && nameAt >= 0;
        if (fieldCount != columns && !rejoinable) {
            throw new IllegalArgumentException("expected " + columns + " fields separated by '" + format.delimiter()
                    + "' (" + format.formatArgument() + "), got " + fieldCount);
        }
        surplus = fieldCount - columns;
    }

    private boolean delimiterAt(int at) {
        for (int j = 0; j < delimiter.length; j++) {
            if (bytes[at + j] != delimiter[j]) {
                return false;
            }
        }
        return true;
    }

    private void addField(int from, int to) {
        if (fieldCount == fieldFrom.length) {
            fieldFrom = Arrays.copyOf(fieldFrom, fieldCount * 2);
            fieldTo = Arrays.copyOf(fieldTo, fieldCount * 2);
        }
        fieldFrom[fieldCount] = from;
        fieldTo[fieldCount] = to;
        fieldCount++;
    }

    /** The field holding a column (never JobName), or -1 when the format does not ask for it. */
    private int field(SacctColumn column) {
        int at = position[column.ordinal()];
        boolean afterName = nameAt >= 0 && at > nameAt;
        return at < 0 ? -1 : afterName ? at + surplus : at;
    }

    /** {@code 134}, {@code 134_3}, {@code 134_3.batch}, {@code 134.batch} directly; any other form via SacctJobId. */
    private void readJobId(int at) {
        int from = fieldFrom[at];
        int to = fieldTo[at];
        jobIdFrom = from;
        jobIdTo = to;
        pendingTasks = null;
        int i = from;
        while (i < to && isDigit(bytes[i])) {
            i++;
        }
        boolean fastForm = i > from && i - from <= 18;
        long job = fastForm ? digits(from, i) : 0;
        int index = -1;
        if (fastForm && i < to && bytes[i] == '_') {
            int indexFrom = ++i;
            while (i < to && isDigit(bytes[i])) {
                i++;
            }
            fastForm = i > indexFrom && i - indexFrom <= 9;
            index = fastForm ? (int) digits(indexFrom, i) : -1;
        }
        boolean step = fastForm && i < to && bytes[i] == '.';
        fastForm = fastForm && (i == to || step && i + 1 < to);
        if (!fastForm) {
            readJobIdSlowly(from, to);
            return;
        }
        jobId = job;
        taskIndex = index;
        isStep = step;
        isBatchStep = step && to - i - 1 == 5 && regionIs(i + 1, "batch");
    }

    private void readJobIdSlowly(int from, int to) {
        SacctJobId id = SacctJobId.parse(text(from, to));
        jobId = id.jobId();
        taskIndex = id.taskIndex().orElse(-1);
        pendingTasks = id.pendingTasks().orElse(null);
        isStep = !id.isAllocation();
        isBatchStep = id.step().equals("batch");
    }

    /** Elapsed in whole seconds (a fraction is dropped), {@link #NO_VALUE} when blank or UNLIMITED. */
    private long elapsed(int from, int to) {
        if (from == to) {
            return NO_VALUE;
        }
        long seconds = clockSeconds(from, to);
        if (seconds >= 0) {
            return seconds;
        }
        return SacctValues.parseDuration(text(from, to), "Elapsed")
                .map(Duration::getSeconds)
                .orElse(NO_VALUE);
    }

    /** {@code [D-][HH:]MM:SS} of digits only, in seconds; -1 for any other text (left to the general parser). */
    private long clockSeconds(int from, int to) {
        long days = 0;
        int at = from;
        int dash = indexOf('-', from, to);
        if (dash >= 0) {
            days = number(from, dash);
            at = dash + 1;
            if (days < 0) {
                return -1;
            }
        }
        // The last three numbers seen, shifted along: first, second, third.
        long first = 0;
        long second = 0;
        long third = 0;
        int count = 0;
        int partFrom = at;
        for (int i = at; i <= to; i++) {
            if (i == to || bytes[i] == ':') {
                long value = number(partFrom, i);
                if (value < 0 || count == 3) {
                    return -1;
                }
                first = second;
                second = third;
                third = value;
                count++;
                partFrom = i + 1;
            }
        }
        if (count < 2) {
            return -1;
        }
        long hours = count == 3 ? first : 0;
        return ((days * 24 + hours) * 60 + second) * 60 + third;
    }

    /**
     * MaxRSS in bytes, {@link #NO_VALUE} when blank. Whole numbers with an optional K/M/G/T/P directly (exact: below
     * 2^53 and a power-of-two scale, so the same as the general parser's double arithmetic); a fraction such as
     * {@code 1.50M} or anything else via {@link SacctValues#parseMaxRssBytes}.
     */
    private long maxRss(int from, int to) {
        if (from == to) {
            return NO_VALUE;
        }
        int power = "KMGTP".indexOf(Character.toUpperCase((char) (bytes[to - 1] & 0xff))) + 1;
        int digitsTo = power > 0 ? to - 1 : to;
        boolean wholeNumber = digitsTo > from && digitsTo - from <= 15 && allDigits(from, digitsTo);
        if (wholeNumber) {
            long number = digits(from, digitsTo);
            int shift = 10 * power;
            if (number <= Long.MAX_VALUE >> shift) {
                return number << shift;
            }
        }
        return SacctValues.parseMaxRssBytes(text(from, to)).getAsLong();
    }

    private int allocCpus(int from, int to) {
        if (from == to) {
            return (int) NO_VALUE;
        }
        long number = number(from, to);
        return number >= 0 ? (int) number
                : SacctValues.parseNonNegativeInt(text(from, to), "AllocCPUS");
    }

    /**
     * Start/End as epoch seconds in {@code zone} (sacct prints the cluster's local time), {@link #NO_TIME} for
     * blank, {@code Unknown} and {@code None}. A local time in a daylight-saving gap or overlap is placed as
     * {@link LocalDateTime#atZone} places it. The epoch second of each minute is cached: zone offsets change only
     * at whole minutes.
     */
    private long epochSecond(int from, int to, int timeColumn) {
        boolean nineteenChars = to - from == 19;
        int second = nineteenChars ? seconds(from + 16) : -1;
        byte[] lastMinute = lastMinuteText[timeColumn];
        boolean sameMinuteAsLastRow = second >= 0 && lastMinuteEpoch[timeColumn] != NO_TIME
                && Arrays.equals(lastMinute, 0, 16, bytes, from, from + 16); // checked when it was first read
        if (sameMinuteAsLastRow) {
            return lastMinuteEpoch[timeColumn] + second;
        }
        if (from == to || regionIs(from, to, "Unknown") || regionIs(from, to, "None")) {
            return NO_TIME;
        }
        if (second >= 0 && isStandardTimestamp(from)) {
            long epoch = minuteEpochSecond(from);
            if (epoch != NO_TIME) {
                System.arraycopy(bytes, from, lastMinute, 0, 16);
                lastMinuteEpoch[timeColumn] = epoch;
                return epoch + second;
            }
        }
        String column = timeColumn == START ? "Start" : "End";
        return SacctValues.parseTimestamp(text(from, to), column)
                .orElseThrow(() -> new IllegalArgumentException(column + " has no value"))
                .atZone(zone).toEpochSecond();
    }

    /** The seconds of {@code :SS} at {@code at}, 0-59; -1 for anything else. */
    private int seconds(int at) {
        boolean wellFormed = bytes[at] == ':' && isDigit(bytes[at + 1]) && isDigit(bytes[at + 2]);
        int seconds = wellFormed ? (bytes[at + 1] - '0') * 10 + bytes[at + 2] - '0' : 60;
        return seconds <= 59 ? seconds : -1;
    }

    /** The epoch second of the minute a standard timestamp starts with; NO_TIME for a date or time out of range. */
    private long minuteEpochSecond(int from) {
        long minute = digits(from, from + 4) * 100_000_000L + digits(from + 5, from + 7) * 1_000_000L
                + digits(from + 8, from + 10) * 10_000L + digits(from + 11, from + 13) * 100L
                + digits(from + 14, from + 16);
        int slot = (int) ((minute * 0x9E3779B97F4A7C15L) >>> 56) & (MINUTE_CACHE_SIZE - 1);
        if (cachedMinute[slot] == minute) {
            return cachedMinuteEpoch[slot];
        }
        try {
            long epoch = LocalDateTime.of((int) digits(from, from + 4), (int) digits(from + 5, from + 7),
                    (int) digits(from + 8, from + 10), (int) digits(from + 11, from + 13),
                    (int) digits(from + 14, from + 16)).atZone(zone).toEpochSecond();
            cachedMinute[slot] = minute;
            cachedMinuteEpoch[slot] = epoch;
            return epoch;
        } catch (DateTimeException outOfRange) {
            return NO_TIME; // left to the general parser, which names the text
        }
    }

    private boolean isStandardTimestamp(int from) {
        for (int i = 0; i < 19; i++) {
            byte c = bytes[from + i];
            boolean ok = switch (i) {
                case 4, 7 -> c == '-';
                case 10 -> c == 'T';
                case 13, 16 -> c == ':';
                default -> isDigit(c);
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** 1 to 9 ASCII digits as a number (the limit of SacctValues.parseNonNegativeInt), -1 for anything else. */
    private long number(int from, int to) {
        boolean ok = to > from && to - from <= 9 && allDigits(from, to);
        return ok ? digits(from, to) : -1;
    }

    private boolean allDigits(int from, int to) {
        for (int i = from; i < to; i++) {
            if (!isDigit(bytes[i])) {
                return false;
            }
        }
        return true;
    }

    private long digits(int from, int to) {
        long value = 0;
        for (int i = from; i < to; i++) {
            value = value * 10 + (bytes[i] - '0');
        }
        return value;
    }

    private int indexOf(char wanted, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    private boolean regionIs(int from, String text) {
        return regionIs(from, from + text.length(), text);
    }

    private boolean regionIs(int from, int to, String text) {
        if (to - from != text.length() || to > lineTo) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (bytes[from + i] != text.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }
}
