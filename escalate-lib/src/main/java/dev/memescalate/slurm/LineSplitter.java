package dev.memescalate.slurm;

import java.nio.charset.StandardCharsets;

/**
 * Cuts a whole text into lines for a {@link LineSink}: at {@code \n}, one {@code \r} before it dropped (as
 * {@link SacctParser} does), text after the last {@code \n} a last line; text ending with a newline gives no empty
 * last line. A process's output read as it comes is cut the same way by {@code slurm.exec.LinePump}.
 *
 * <p>No object is made per line: the sink sees one {@link Line} over the text's bytes, moved from line to line.
 */
public final class LineSplitter {
    private LineSplitter() {
    }

    /** Every line of {@code text} (as UTF-8), in order. */
    public static void forEachLine(CharSequence text, LineSink sink) {
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        forEachLine(bytes, 0, bytes.length, sink);
    }

    /** Every line of {@code bytes[from, to)}, in order. */
    public static void forEachLine(byte[] bytes, int from, int to, LineSink sink) {
        Line line = new Line();
        int lineStart = from;
        for (int i = from; i < to; i++) {
            if (bytes[i] == '\n') {
                sink.accept(line.show(bytes, lineStart, i));
                lineStart = i + 1;
            }
        }
        if (lineStart < to) {
            sink.accept(line.show(bytes, lineStart, to));
        }
    }
}
