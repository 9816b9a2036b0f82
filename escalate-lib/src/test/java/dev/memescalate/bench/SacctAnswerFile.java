package dev.memescalate.bench;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the sacct answer the handler benchmark's fake {@code sacct} replays ({@code tests/handler-benchmark}): the
 * round's columns ({@code SacctFormat.ROUND}) for one array job of {@code TASKS} tasks numbered 0 to TASKS - 1, per
 * task the allocation row, {@code .batch} and {@code .extern}; 20% OUT_OF_MEMORY 0:125, 10% TIMEOUT, 1% FAILED, the
 * rest COMPLETED, scattered (see {@link SacctStreamBenchmark.SyntheticAnswer}).
 *
 * <pre>java -cp escalate-lib/target/test-classes dev.memescalate.bench.SacctAnswerFile JOBID TASKS FILE</pre>
 */
public final class SacctAnswerFile {
    private SacctAnswerFile() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: SacctAnswerFile JOBID TASKS FILE");
        }
        long jobId = Long.parseLong(args[0]);
        int tasks = Integer.parseInt(args[1]);
        Path file = Path.of(args[2]);
        try (Writer out = Files.newBufferedWriter(file)) {
            new SacctStreamBenchmark.SyntheticAnswer(true, tasks, jobId).transferTo(out);
        }
        int[] outcomes = new int[4];
        for (int i = 0; i < tasks; i++) {
            int roll = SacctStreamBenchmark.SyntheticAnswer.outcome(i);
            outcomes[roll < 20 ? 0 : roll < 30 ? 1 : roll == 30 ? 2 : 3]++;
        }
        System.out.printf("%s: %,d tasks of job %d, %,d bytes: %,d OUT_OF_MEMORY, %,d TIMEOUT, %,d FAILED,"
                + " %,d COMPLETED%n", file, tasks, jobId, Files.size(file), outcomes[0], outcomes[1], outcomes[2],
                outcomes[3]);
    }
}
