package dev.memescalate.slurm;

import java.io.IOException;
import java.io.Reader;
import java.util.Arrays;

/**
 * Cuts text that arrives in chunks into lines for a {@link LineSink}. A line may span chunks: its start is carried
 * over until its end arrives. Lines end at {@code \n}; one {@code \r} before it is dropped (as {@link SacctParser}
 * does); text after the last {@code \n} is a last line, handed over by {@link #finish()}. Text ending with a newline
 * gives no empty last line.
 *
 * <p>No object is made per line: the sink sees a view over the chunk (or over the carried-over start), see
 * {@link LineSink}. One splitter reads one text; it is not thread-safe.
 */
public final class LineSplitter {
    private static final int CHUNK_CHARS = 16 * 1024;

    private final LineSink sink;
    private final LineView view = new LineView();
    private char[] carried = new char[256];
    private int carriedLength;

    public LineSplitter(LineSink sink) {
        this.sink = sink;
    }

    /** Every line of {@code text}, in order. */
    public static void forEachLine(CharSequence text, LineSink sink) {
        LineSplitter splitter = new LineSplitter(sink);
        char[] chunk = new char[Math.min(CHUNK_CHARS, Math.max(1, text.length()))];
        for (int from = 0; from < text.length(); from += chunk.length) {
            int to = Math.min(text.length(), from + chunk.length);
            copy(text, from, to, chunk);
            splitter.feed(chunk, 0, to - from);
        }
        splitter.finish();
    }

    /** Every line {@code reader} gives until its end, in order; the reader is not closed. */
    public static void forEachLine(Reader reader, LineSink sink) throws IOException {
        LineSplitter splitter = new LineSplitter(sink);
        char[] chunk = new char[CHUNK_CHARS];
        int read;
        while ((read = reader.read(chunk, 0, chunk.length)) >= 0) {
            splitter.feed(chunk, 0, read);
        }
        splitter.finish();
    }

    /** The next chunk of the text; every line it completes goes to the sink before this returns. */
    public void feed(char[] chars, int from, int to) {
        int lineStart = from;
        for (int i = from; i < to; i++) {
            if (chars[i] != '\n') {
                continue;
            }
            if (carriedLength > 0) {
                carry(chars, lineStart, i);
                emit(carried, 0, carriedLength);
                carriedLength = 0;
            } else {
                emit(chars, lineStart, i);
            }
            lineStart = i + 1;
        }
        carry(chars, lineStart, to);
    }

    /** The end of the text: hands over a last line that had no newline. */
    public void finish() {
        if (carriedLength > 0) {
            int length = carriedLength;
            carriedLength = 0;
            emit(carried, 0, length);
        }
    }

    private void carry(char[] chars, int from, int to) {
        int length = to - from;
        if (length == 0) {
            return;
        }
        if (carriedLength + length > carried.length) {
            carried = Arrays.copyOf(carried, Math.max(carried.length * 2, carriedLength + length));
        }
        System.arraycopy(chars, from, carried, carriedLength, length);
        carriedLength += length;
    }

    private void emit(char[] chars, int from, int to) {
        boolean endsWithCarriageReturn = to > from && chars[to - 1] == '\r';
        view.show(chars, from, endsWithCarriageReturn ? to - 1 : to);
        sink.accept(view);
    }

    /** Copies {@code text[from, to)} into {@code into}, without a per-character call for the common types. */
    static void copy(CharSequence text, int from, int to, char[] into) {
        if (text instanceof String string) {
            string.getChars(from, to, into, 0);
        } else if (text instanceof StringBuilder builder) {
            builder.getChars(from, to, into, 0);
        } else if (text instanceof LineView line) {
            System.arraycopy(line.chars, line.from + from, into, 0, to - from);
        } else {
            for (int i = from; i < to; i++) {
                into[i - from] = text.charAt(i);
            }
        }
    }

    /** A window on a char array, moved from line to line. */
    static final class LineView implements CharSequence {
        private char[] chars;
        private int from;
        private int length;

        void show(char[] chars, int from, int to) {
            this.chars = chars;
            this.from = from;
            this.length = to - from;
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public char charAt(int index) {
            if (index < 0 || index >= length) {
                throw new IndexOutOfBoundsException("index " + index + " of a line of " + length + " characters");
            }
            return chars[from + index];
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return toString().substring(start, end);
        }

        @Override
        public String toString() {
            return new String(chars, from, length);
        }
    }
}
