package dev.memescalate.slurm.exec;

import dev.memescalate.slurm.Line;
import dev.memescalate.slurm.LineSink;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads a process's stdout on its own thread and cuts it into whole lines there, into a few buffers that the caller's
 * thread takes in turn, hands line by line to its sink and gives back. A bounded hand-over: a sink slower than the
 * process makes the process wait on its pipe instead of filling memory, and the caller waits with its deadline (a
 * read on the pipe itself could not time out). Four buffers of 64 KB serve the whole output; a line longer than a
 * buffer grows it.
 *
 * <p>The bytes are not decoded, and the search for line ends happens here, beside the caller's work rather than in it:
 * sacct's answer for a million tasks is 280 MB, and the caller's thread (the handler's only busy one) then reads only
 * the fields of each line. Lines are as {@link dev.memescalate.slurm.LineSplitter} cuts a whole text: at {@code \n},
 * one {@code \r} before it dropped ({@link Line}), text after the last {@code \n} a last line.
 *
 * <p>For a sink that cuts its lines into fields ({@link LineSink#fieldDelimiter()}, sacct's {@code |}) the same pass
 * records where the delimiter is in each line, which the sink then reads instead of searching every byte again (at
 * 100,000 and 1,000,000 tasks, 6-7% of the handler's wall time).
 *
 * <p>{@link #forEachLine(InputStream, LineSink)} cuts a stream the same way on the caller's thread.
 */
public final class LinePump implements Runnable {
    private static final int BUFFERS = 4;
    private static final int BUFFER_BYTES = 64 * 1024;

    /** Whole lines in a buffer: line {@code i} is {@code bytes[i == 0 ? 0 : ends[i - 1] + 1, ends[i])}. */
    static final class Batch {
        private byte[] bytes;
        private int[] ends;
        private int count;
        /**
         * Positions of the field delimiter, when the pump finds one: line {@code i}'s are {@code delimiters[i == 0 ? 0
         * : delimitersEnd[i - 1], delimitersEnd[i])}.
         */
        private int[] delimiters = new int[1024];
        private int delimiterCount;
        private int[] delimitersEnd;
        private boolean last;
        private IOException failure;

        private Batch(int capacity) {
            bytes = new byte[capacity];
            ends = new int[Math.max(1, capacity / 32)];
            delimitersEnd = new int[ends.length];
        }

        /** The end of the output: no lines. */
        boolean isEnd() {
            return last;
        }

        IOException failure() {
            return failure;
        }

        /** Hands every line of the batch to {@code sink}, in order, through {@code line}. */
        void forEachLine(Line line, LineSink sink) {
            int from = 0;
            int delimiter = sink.fieldDelimiter();
            if (delimiter == LineSink.NO_FIELD_DELIMITER) {
                for (int i = 0; i < count; i++) {
                    sink.accept(line.show(bytes, from, ends[i]));
                    from = ends[i] + 1;
                }
                return;
            }
            int delimitersFrom = 0;
            for (int i = 0; i < count; i++) {
                sink.accept(line.show(bytes, from, ends[i], (byte) delimiter, delimiters, delimitersFrom,
                        delimitersEnd[i]));
                from = ends[i] + 1;
                delimitersFrom = delimitersEnd[i];
            }
        }

        private void addEnd(int at) {
            if (count == ends.length) {
                ends = Arrays.copyOf(ends, count * 2);
                delimitersEnd = Arrays.copyOf(delimitersEnd, count * 2);
            }
            delimitersEnd[count] = delimiterCount;
            ends[count++] = at;
        }

        private void addDelimiter(int at) {
            if (delimiterCount == delimiters.length) {
                delimiters = Arrays.copyOf(delimiters, delimiterCount * 2);
            }
            delimiters[delimiterCount++] = at;
        }
    }

    private final InputStream stream;
    /** The byte whose positions in each line the pump records, or {@link LineSink#NO_FIELD_DELIMITER}. */
    private final int fieldDelimiter;
    private final BlockingQueue<Batch> empty = new ArrayBlockingQueue<>(BUFFERS);
    /** One slot more than buffers: room for the end or a failure whatever the caller has not taken yet. */
    private final BlockingQueue<Batch> filled = new ArrayBlockingQueue<>(BUFFERS + 1);
    /** The start of a line whose end has not come yet, carried to the next buffer. */
    private byte[] carried = new byte[256];
    private int carriedLength;

    /**
     * @param fieldDelimiter an ASCII byte to find in each line beside the line ends ({@link LineSink#fieldDelimiter()}
     *     of the sink the lines go to), or {@link LineSink#NO_FIELD_DELIMITER}
     */
    LinePump(InputStream stream, int fieldDelimiter) {
        if (fieldDelimiter != LineSink.NO_FIELD_DELIMITER && (fieldDelimiter < 0 || fieldDelimiter > 0x7f
                || fieldDelimiter == '\n' || fieldDelimiter == '\r')) {
            throw new IllegalArgumentException("a field delimiter is an ASCII byte other than CR and LF, got "
                    + fieldDelimiter);
        }
        this.stream = stream;
        this.fieldDelimiter = fieldDelimiter;
        for (int i = 0; i < BUFFERS; i++) {
            empty.add(new Batch(BUFFER_BYTES));
        }
    }

    /**
     * Every line {@code in} gives until its end, in order, cut on this thread as the pump cuts them on its own; the
     * stream is closed.
     */
    public static void forEachLine(InputStream in, LineSink sink) throws IOException {
        LinePump pump = new LinePump(in, sink.fieldDelimiter());
        Batch batch = pump.empty.remove();
        Line line = new Line();
        try (in) {
            boolean more;
            do {
                more = pump.fill(batch);
                batch.forEachLine(line, sink);
            } while (more);
        }
    }

    @Override
    public void run() {
        try (stream) {
            while (true) {
                Batch batch = empty.take();
                boolean more = fill(batch);
                filled.put(batch);
                if (!more) {
                    Batch end = new Batch(0);
                    end.last = true;
                    filled.put(end);
                    return;
                }
            }
        } catch (IOException readFailed) {
            Batch failed = new Batch(0);
            failed.failure = readFailed;
            filled.offer(failed);
        } catch (InterruptedException callerGaveUp) {
            // The caller stopped reading (timeout, a failing sink) and killed the process: nothing to hand over.
        }
    }

    /**
     * Fills the batch with whole lines: the carried start of a line, then what the pipe gives, at least one line
     * unless the output ends. False when the output has ended (the batch then holds its last lines, maybe none).
     */
    private boolean fill(Batch batch) throws IOException {
        batch.count = 0;
        batch.delimiterCount = 0;
        if (carriedLength > batch.bytes.length / 2) {
            batch.bytes = new byte[Math.max(batch.bytes.length * 2, carriedLength * 2)];
        }
        System.arraycopy(carried, 0, batch.bytes, 0, carriedLength);
        int length = carriedLength;
        // The carried start has no newline, but its field delimiters are found again (those the last fill found
        // after its last line end are not read), before the next read: it may be the output's last line.
        if (fieldDelimiter != LineSink.NO_FIELD_DELIMITER) {
            for (int i = 0; i < carriedLength; i++) {
                if (batch.bytes[i] == fieldDelimiter) {
                    batch.addDelimiter(i);
                }
            }
        }
        int scanned = carriedLength;
        while (true) {
            int read = read(batch.bytes, length);
            if (read < 0) {
                if (length > 0) {
                    batch.addEnd(length); // the last line, without a newline
                }
                carriedLength = 0;
                return false;
            }
            length += read;
            byte[] bytes = batch.bytes; // a local: C1 (the handler's only compiler) reads a field at every use
            if (fieldDelimiter == LineSink.NO_FIELD_DELIMITER) {
                for (int i = scanned; i < length; i++) {
                    if (bytes[i] == '\n') {
                        batch.addEnd(i);
                    }
                }
            } else {
                byte delimiter = (byte) fieldDelimiter;
                for (int i = scanned; i < length; i++) {
                    byte b = bytes[i];
                    if (b == '\n') {
                        batch.addEnd(i);
                    } else if (b == delimiter) {
                        batch.addDelimiter(i);
                    }
                }
            }
            scanned = length;
            if (batch.count > 0) {
                break;
            }
            if (length == batch.bytes.length) {
                batch.bytes = Arrays.copyOf(batch.bytes, length * 2); // a line longer than the buffer
            }
        }
        int tail = batch.ends[batch.count - 1] + 1;
        carriedLength = length - tail;
        if (carriedLength > carried.length) {
            carried = new byte[Math.max(carried.length * 2, carriedLength)];
        }
        System.arraycopy(batch.bytes, tail, carried, 0, carriedLength);
        return true;
    }

    /**
     * Waits for some output, then takes what else the pipe already holds while there is room: full buffers while
     * the process writes fast (fewer hand-overs), and no waiting for more when it pauses (a line is handed over as
     * soon as it is there). -1 at the end of the output.
     */
    private int read(byte[] buffer, int from) throws IOException {
        int length = stream.read(buffer, from, buffer.length - from);
        if (length <= 0) {
            return length;
        }
        while (from + length < buffer.length && stream.available() > 0) {
            int more = stream.read(buffer, from + length, buffer.length - from - length);
            if (more < 0) {
                break;
            }
            length += more;
        }
        return length;
    }

    /** The next batch, or null when none came within {@code timeoutNanos}. */
    Batch next(long timeoutNanos) throws InterruptedException {
        return filled.poll(timeoutNanos, TimeUnit.NANOSECONDS);
    }

    void recycle(Batch batch) {
        empty.add(batch);
    }
}
