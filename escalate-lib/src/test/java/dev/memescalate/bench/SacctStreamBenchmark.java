package dev.memescalate.bench;

import dev.memescalate.indexset.IndexSet;
import dev.memescalate.slurm.LineSink;
import dev.memescalate.slurm.RoundAccounting;
import dev.memescalate.slurm.SacctFormat;
import dev.memescalate.slurm.SacctOutput;
import dev.memescalate.slurm.SacctParser;
import dev.memescalate.slurm.TaskAccounting;
import dev.memescalate.slurm.exec.CommandRequest;
import dev.memescalate.slurm.exec.CommandResult;
import dev.memescalate.slurm.exec.LinePump;
import dev.memescalate.slurm.exec.ProcessCommandRunner;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.ref.Reference;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Figures, not a test: folds a synthetic sacct answer of a round the old way (the whole answer as one String,
 * {@link SacctParser} into records, {@link TaskAccounting#fold}, as the handler's AccountingReader does today) or the
 * streaming way (the answer read from a {@link Reader} that makes it task by task, cut into lines by
 * {@link LinePump} and folded by {@link RoundAccounting.Folder}, as {@code Slurm#accounting(args, sink)} feeds
 * it; the answer is never held). Prints per size: wall and CPU time, bytes allocated by the thread, peak heap and the
 * heap the result keeps.
 *
 * <p>The answer is shaped like real 22.05 output: per task an allocation row, {@code .batch} and {@code .extern};
 * 20% OUT_OF_MEMORY 0:125, 10% TIMEOUT (batch CANCELLED 0:15), 1% FAILED 1:0, the rest COMPLETED, the failures
 * scattered over the indices by a hash; tasks start 4 at a time and run 3-62 s on 500 nodes.
 *
 * <pre>
 * mvn -q -pl escalate-lib test-compile
 * cp=escalate-lib/target/classes:escalate-lib/target/test-classes
 * java -Xmx300m -cp $cp dev.memescalate.bench.SacctStreamBenchmark stream ROUND 10000 100000 1000000
 * java -Xmx1g   -cp $cp dev.memescalate.bench.SacctStreamBenchmark old STANDARD 10000 100000
 * </pre>
 *
 * Paths: {@code stream}, {@code old}, {@code generate} (the streaming path's answer made and cut into lines with
 * no fold: what the fold's own time is measured against), and {@code process}: the answer written to a temporary
 * file first (not measured), then {@code cat} of it run through {@link ProcessCommandRunner#stream} into the folder,
 * the path of {@code CliSlurm#accounting(args, sink)} with {@code cat} for sacct (its stdout is read on a reader
 * thread, whose CPU time and allocations are not in the figures). Columns: {@code ROUND} or {@code STANDARD}.
 */
public final class SacctStreamBenchmark {
    private static final long JOB_ID = 4_242_000L;
    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    private static final DateTimeFormatter SACCT_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");
    private static final LocalDateTime SUBMIT = LocalDateTime.of(2026, 11, 21, 19, 41, 52);

    private SacctStreamBenchmark() {}

    public static void main(String[] args) {
        if (args.length < 3) {
            throw new IllegalArgumentException(
                    "usage: SacctStreamBenchmark stream|process|old|generate ROUND|STANDARD TASKS...");
        }
        String path = args[0];
        boolean round = switch (args[1]) {
            case "ROUND" -> true;
            case "STANDARD" -> false;
            default -> throw new IllegalArgumentException("columns must be ROUND or STANDARD, got " + args[1]);
        };
        int[] sizes = Arrays.stream(args, 2, args.length).mapToInt(Integer::parseInt).toArray();
        SacctFormat format = round ? SacctFormat.ROUND : SacctFormat.STANDARD;
        if (path.equals("process")) {
            writeAnswerFiles(round, sizes);
        }

        // Warm-up on the smallest size, so the JIT has compiled the path before anything is measured.
        for (int i = 0; i < 5; i++) {
            run(path, format, Math.min(sizes[0], 100_000));
        }
        System.out.printf("%s path, %s columns, -Xmx%d MB, Java %s, %d cpus%n", path, args[1],
                Runtime.getRuntime().maxMemory() >> 20, Runtime.version(), Runtime.getRuntime().availableProcessors());
        System.out.printf("%9s %10s %8s %9s %9s %10s %10s %10s%n", "tasks", "lines", "MB text", "wall ms", "cpu ms",
                "alloc MB", "peak MB", "kept MB");
        for (int tasks : sizes) {
            int rounds = tasks >= 1_000_000 ? 3 : 5;
            List<Figures> measured = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                measured.add(measure(path, format, tasks));
            }
            measured.sort((a, b) -> Long.compare(a.wallNanos, b.wallNanos));
            Figures median = measured.get(rounds / 2);
            System.out.printf("%,9d %,10d %8.1f %,9.0f %,9.0f %,10.1f %,10.1f %,10.1f%n", tasks, 3L * tasks,
                    median.chars / 1e6, median.wallNanos / 1e6, median.cpuNanos / 1e6, median.allocated / 1e6,
                    median.peakHeap / 1e6, median.retained / 1e6);
        }
    }

    private record Figures(long chars, long wallNanos, long cpuNanos, long allocated, long peakHeap, long retained) {}

    private static Figures measure(String path, SacctFormat format, int tasks) {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP).toList();
        System.gc();
        long usedBefore = heapUsed();
        heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
        long allocated0 = threads.getThreadAllocatedBytes(thread);
        long cpu0 = threads.getCurrentThreadCpuTime();
        long wall0 = System.nanoTime();

        Result result = run(path, format, tasks);

        long wall = System.nanoTime() - wall0;
        long cpu = threads.getCurrentThreadCpuTime() - cpu0;
        long allocated = threads.getThreadAllocatedBytes(thread) - allocated0;
        // Sum of each heap pool's peak since the reset: an upper bound of the heap in use at any one time (the pools
        // peak at different moments), garbage not yet collected included.
        long peak = heapPools.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
        System.gc();
        long retained = heapUsed() - usedBefore;
        Reference.reachabilityFence(result);
        if (!result.complete()) {
            throw new IllegalStateException("the answer did not fold completely");
        }
        return new Figures(result.chars(), wall, cpu, allocated, peak, retained);
    }

    private static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** What a path produced; {@code kept} is what the handler would go on to read (its heap is measured). */
    private record Result(long chars, boolean complete, Object kept) {}

    private static Result run(String path, SacctFormat format, int tasks) {
        IndexSet expected = IndexSet.range(0, tasks - 1);
        return switch (path) {
            case "stream" -> {
                RoundAccounting.Folder folder = RoundAccounting.folder(Map.of(JOB_ID, expected), format, ZONE);
                SyntheticAnswer answer = new SyntheticAnswer(format == SacctFormat.ROUND, tasks);
                readAll(answer, folder::accept);
                RoundAccounting accounting = folder.finish();
                yield new Result(answer.chars, accounting.isComplete(), accounting);
            }
            case "generate" -> {
                long[] lines = {0};
                SyntheticAnswer answer = new SyntheticAnswer(format == SacctFormat.ROUND, tasks);
                readAll(answer, line -> lines[0]++);
                yield new Result(answer.chars, lines[0] == 3L * tasks, lines);
            }
            case "process" -> {
                RoundAccounting.Folder folder = RoundAccounting.folder(Map.of(JOB_ID, expected), format, ZONE);
                Path file = ANSWER_FILES.get(tasks);
                CommandResult result = new ProcessCommandRunner().stream(
                        CommandRequest.of(List.of("cat", file.toString()), Duration.ofMinutes(10)), folder);
                RoundAccounting accounting = folder.finish();
                yield new Result(size(file), result.succeeded() && accounting.isComplete(), accounting);
            }
            case "old" -> {
                // The whole answer as one String, as ProcessCommandRunner#run returns it (that also holds the bytes
                // and the String at once while decoding; not counted here).
                String text = wholeAnswer(format == SacctFormat.ROUND, tasks);
                SacctOutput output = new SacctParser(format).parse(text);
                TaskAccounting accounting = TaskAccounting.fold(JOB_ID, expected, output);
                yield new Result(text.length(), accounting.isComplete() && output.isClean(), accounting);
            }
            default -> throw new IllegalArgumentException(
                    "path must be stream, process, old or generate, got " + path);
        };
    }

    /** The answer of each size (and of the warm-up size) as a file, for the process path. */
    private static final Map<Integer, Path> ANSWER_FILES = new HashMap<>();

    private static void writeAnswerFiles(boolean round, int[] sizes) {
        for (int tasks : sizes) {
            for (int size : new int[] {tasks, Math.min(sizes[0], 100_000)}) {
                ANSWER_FILES.computeIfAbsent(size, n -> {
                    try {
                        Path file = Files.createTempFile("sacct-answer-" + n + "-", ".txt");
                        file.toFile().deleteOnExit();
                        try (Writer out = Files.newBufferedWriter(file)) {
                            new SyntheticAnswer(round, n).transferTo(out);
                        }
                        return file;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The answer's lines as the handler gets them: bytes (the synthetic answer is ASCII) cut by LinePump. */
    private static void readAll(Reader answer, LineSink sink) {
        InputStream bytes = new InputStream() {
            private final char[] chars = new char[1 << 16];

            @Override
            public int read() throws IOException {
                int c = answer.read();
                return c < 0 ? -1 : (byte) c & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int read = answer.read(chars, 0, Math.min(len, chars.length));
                for (int i = 0; i < read; i++) {
                    b[off + i] = (byte) chars[i];
                }
                return read;
            }
        };
        try {
            LinePump.forEachLine(bytes, sink);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String wholeAnswer(boolean round, int tasks) {
        SyntheticAnswer answer = new SyntheticAnswer(round, tasks);
        StringBuilder text = new StringBuilder(tasks * (round ? 270 : 400));
        char[] chunk = new char[1 << 16];
        int read;
        while ((read = answer.read(chunk, 0, chunk.length)) >= 0) {
            text.append(chunk, 0, read);
        }
        return text.toString();
    }

    /** The answer of one array of {@code tasks} tasks, made task by task as it is read. */
    static final class SyntheticAnswer extends Reader {
        private final boolean round;
        private final int tasks;
        private final long jobId;
        private final StringBuilder rows = new StringBuilder(512);
        private final int[] timeSeconds = new int[4096];
        private final String[] times = new String[4096];
        private int next;
        private int at;
        long chars;

        SyntheticAnswer(boolean round, int tasks) {
            this(round, tasks, JOB_ID);
        }

        /** The answer for array job {@code jobId}. */
        SyntheticAnswer(boolean round, int tasks, long jobId) {
            this.round = round;
            this.tasks = tasks;
            this.jobId = jobId;
        }

        @Override
        public int read(char[] into, int offset, int length) {
            int copied = 0;
            while (copied < length) {
                if (at == rows.length()) {
                    if (next == tasks) {
                        break;
                    }
                    rows.setLength(0);
                    at = 0;
                    appendTask(next++);
                }
                int n = Math.min(length - copied, rows.length() - at);
                rows.getChars(at, at + n, into, offset + copied);
                at += n;
                copied += n;
            }
            chars += copied;
            return copied == 0 && length > 0 ? -1 : copied;
        }

        @Override
        public void close() {}

        /** A scattered 20% / 10% / 1% of the indices, the same for every run. */
        static int outcome(int index) {
            long h = index * 0x9E3779B97F4A7C15L;
            h ^= h >>> 31;
            h *= 0xBF58476D1CE4E5B9L;
            h ^= h >>> 29;
            return (int) Long.remainderUnsigned(h, 100);
        }

        private void appendTask(int i) {
            int roll = outcome(i);
            boolean oom = roll < 20;
            boolean timeout = roll >= 20 && roll < 30;
            boolean failed = roll == 30;
            String state = oom ? "OUT_OF_MEMORY|0:125" : timeout ? "TIMEOUT|0:0" : failed ? "FAILED|1:0" : "COMPLETED|0:0";
            String batchState = timeout ? "CANCELLED|0:15" : state;
            int elapsed = timeout ? 62 : oom ? 1 + i % 5 : 3 + i % 60;
            String elapsedText = "00:" + two(elapsed / 60) + ":" + two(elapsed % 60);
            String node = "c" + (100 + i % 500);
            int startSecond = 1 + i / 4;
            String start = time(startSecond);
            String end = time(startSecond + elapsed);
            String id = jobId + "_" + i;
            String batchRss = oom ? "1164K" : (4000 + i % 1000) + "K";
            String externRss = (i % 100) + "K";
            if (round) {
                // JobID|State|ExitCode|Elapsed|MaxRSS|NodeList|Start|End|AllocCPUS
                row(id, state, elapsedText, "", node, start, end, "2");
                row(id + ".batch", batchState, elapsedText, batchRss, node, start, end, "2");
                row(id + ".extern", "COMPLETED|0:0", elapsedText, externRss, node, start, end, "2");
            } else {
                // JobID|JobName|Partition|State|ExitCode|ReqMem|Timelimit|Elapsed|MaxRSS|NodeList|Submit|Start|End
                String submit = time(0);
                rows.append(id).append("|bench-array|day|").append(state).append("|200M|00:01:00|").append(elapsedText)
                        .append("||").append(node).append('|').append(submit).append('|').append(start).append('|')
                        .append(end).append('\n');
                rows.append(id).append(".batch|batch||").append(batchState).append("|||").append(elapsedText)
                        .append('|').append(batchRss).append('|').append(node).append('|').append(start).append('|')
                        .append(start).append('|').append(end).append('\n');
                rows.append(id).append(".extern|extern||COMPLETED|0:0|||").append(elapsedText).append('|')
                        .append(externRss).append('|').append(node).append('|').append(start).append('|')
                        .append(start).append('|').append(end).append('\n');
            }
        }

        private void row(String id, String state, String elapsed, String maxRss, String node, String start, String end,
                String cpus) {
            rows.append(id).append('|').append(state).append('|').append(elapsed).append('|').append(maxRss)
                    .append('|').append(node).append('|').append(start).append('|').append(end).append('|')
                    .append(cpus).append('\n');
        }

        /** SUBMIT + seconds as sacct prints it; the times of the last hour or so are made once each. */
        private String time(int seconds) {
            int slot = seconds % times.length;
            if (times[slot] == null || timeSeconds[slot] != seconds) {
                times[slot] = SACCT_TIME.format(SUBMIT.plusSeconds(seconds));
                timeSeconds[slot] = seconds;
            }
            return times[slot];
        }

        private static String two(int value) {
            return value < 10 ? "0" + value : Integer.toString(value);
        }
    }
}
