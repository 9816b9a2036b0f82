package dev.memescalate.slurm;

import java.nio.charset.StandardCharsets;

/**
 * One line of a command's output as the command wrote it: UTF-8 bytes {@code bytes()[from(), to())}, without the line's
 * terminator ({@code \n} or {@code \r\n}). A view over a buffer that the reader of the output moves from line to line
 * and reuses: valid only while the {@link LineSink} that got it runs, so copy ({@link #toString()}) whatever is kept.
 *
 * <p>Bytes, not characters: sacct's answer for a million tasks is hundreds of MB, nearly all ASCII, and its readers
 * look at a few fields of each line; decoding every byte into a char first was a pass of its own over the whole answer.
 * UTF-8 never uses a byte below 0x80 inside a multi-byte character, so cutting at ASCII delimiters is safe. A reader
 * that cut the output for a sink with a field delimiter ({@link LineSink#fieldDelimiter()}) also says where that byte
 * is in the line ({@link #knowsDelimiter(byte)}).
 */
public final class Line {
    private byte[] bytes = new byte[0];
    private int from;
    private int to;
    /** Where the reader found {@link #delimiter} in the line: {@code delimiters[delimitersFrom, delimitersTo)}. */
    private int[] delimiters;
    private int delimitersFrom;
    private int delimitersTo;
    private byte delimiter;

    /** A line of its own holding {@code text} (without a terminator), e.g. to fold one line in a test. */
    public static Line of(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return new Line().show(bytes, 0, bytes.length);
    }

    /** Shows {@code bytes[from, to)}; one {@code \r} at its end is not part of the line. */
    public Line show(byte[] bytes, int from, int to) {
        this.bytes = bytes;
        this.from = from;
        this.to = to > from && bytes[to - 1] == '\r' ? to - 1 : to;
        this.delimiters = null;
        return this;
    }

    /**
     * {@link #show(byte[], int, int)}, with where the reader of the output found the byte {@code delimiter} in the
     * line already: at {@code positions[positionsFrom, positionsTo)}, in order.
     */
    public Line show(byte[] bytes, int from, int to, byte delimiter, int[] positions, int positionsFrom,
            int positionsTo) {
        show(bytes, from, to);
        this.delimiter = delimiter;
        this.delimiters = positions;
        this.delimitersFrom = positionsFrom;
        this.delimitersTo = positionsTo;
        return this;
    }

    /** Whether the reader found every {@code delimiter} of the line already ({@link #delimiterPositions()}). */
    public boolean knowsDelimiter(byte delimiter) {
        return delimiters != null && this.delimiter == delimiter;
    }

    /** The positions of the known delimiter: {@code delimiterPositions()[delimitersFrom(), delimitersTo())}. */
    public int[] delimiterPositions() {
        return delimiters;
    }

    public int delimitersFrom() {
        return delimitersFrom;
    }

    public int delimitersTo() {
        return delimitersTo;
    }

    /** The buffer the line is in; read only {@code [from(), to())}. */
    public byte[] bytes() {
        return bytes;
    }

    public int from() {
        return from;
    }

    public int to() {
        return to;
    }

    public int length() {
        return to - from;
    }

    /** The line decoded from UTF-8 (a malformed byte becomes U+FFFD, as a decoding reader would make it). */
    @Override
    public String toString() {
        return new String(bytes, from, to - from, StandardCharsets.UTF_8);
    }
}
