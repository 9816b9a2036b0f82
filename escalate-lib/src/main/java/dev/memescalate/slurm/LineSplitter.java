package dev.memescalate.slurm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Cuts bytes that arrive in chunks into lines for a {@link LineSink}. A line may span chunks: its start is carried
 * over until its end arrives. Lines end at {@code \n}; one {@code \r} before it is dropped (as {@link SacctParser}
 * does); text after the last {@code \n} is a last line, handed over by {@link #finish()}. Text ending with a newline
 * gives no empty last line.
 *
 * <p>No object is made per line: the sink sees a {@link Line} over the chunk (or over the carried-over start). One
 * splitter reads one output; it is not thread-safe.
 */
public final class LineSplitter {
    private static final int CHUNK_BYTES = 64 * 1024;

    private final LineSink sink;
    private final Line line = new Line();
    private byte[] carried = new byte[256];
    private int carriedLength;

    public LineSplitter(LineSink sink) {
        this.sink = sink;
    }

    /** Every line of {@code text} (as UTF-8), in order. */
    public static void forEachLine(CharSequence text, LineSink sink) {
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        LineSplitter splitter = new LineSplitter(sink);
        splitter.feed(bytes, 0, bytes.length);
        splitter.finish();
    }

    /** Every line {@code in} gives until its end, in order; the stream is not closed. */
    public static void forEachLine(InputStream in, LineSink sink) throws IOException {
        LineSplitter splitter = new LineSplitter(sink);
        byte[] chunk = new byte[CHUNK_BYTES];
        int read;
        while ((read = in.read(chunk, 0, chunk.length)) >= 0) {
            splitter.feed(chunk, 0, read);
        }
        splitter.finish();
    }

    /** The next chunk of the output; every line it completes goes to the sink before this returns. */
    public void feed(byte[] bytes, int from, int to) {
        int lineStart = from;
        for (int i = from; i < to; i++) {
            if (bytes[i] != '\n') {
                continue;
            }
            if (carriedLength > 0) {
                carry(bytes, lineStart, i);
                emit(carried, 0, carriedLength);
                carriedLength = 0;
            } else {
                emit(bytes, lineStart, i);
            }
            lineStart = i + 1;
        }
        carry(bytes, lineStart, to);
    }

    /** The end of the output: hands over a last line that had no newline. */
    public void finish() {
        if (carriedLength > 0) {
            int length = carriedLength;
            carriedLength = 0;
            emit(carried, 0, length);
        }
    }

    private void carry(byte[] bytes, int from, int to) {
        int length = to - from;
        if (length == 0) {
            return;
        }
        if (carriedLength + length > carried.length) {
            carried = Arrays.copyOf(carried, Math.max(carried.length * 2, carriedLength + length));
        }
        System.arraycopy(bytes, from, carried, carriedLength, length);
        carriedLength += length;
    }

    private void emit(byte[] bytes, int from, int to) {
        sink.accept(line.show(bytes, from, to));
    }
}
