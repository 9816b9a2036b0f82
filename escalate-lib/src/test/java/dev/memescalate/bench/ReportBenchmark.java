package dev.memescalate.bench;

import dev.memescalate.report.ChainReport;
import dev.memescalate.report.MarkdownReport;
import dev.memescalate.report.ReportJson;
import dev.memescalate.report.SyntheticChain;
import dev.memescalate.report.html.HtmlReport;
import dev.memescalate.store.ChainStore;
import dev.memescalate.view.ReportBuilder;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

/**
 * Times {@code generate-report} of a large ended chain: a store of {@link SyntheticChain} (N tasks at level 0, ~8%
 * escalated to level 1, a few to level 2: about 1.09 attempts a task), then the report built from the store in one
 * read transaction ({@link ReportBuilder}, with the HTML report's 1,000 failed rows) and rendered as HTML, markdown and
 * JSON. Prints figures and asserts nothing; the HTML file is left in a temporary directory to open. A main, not a test.
 * Run after {@code mvn -pl escalate-lib test-compile} (tests/benchmark Report does both, with the classpath):
 *
 * <pre>java -cp CLASSPATH dev.memescalate.bench.ReportBenchmark [tasks...]     (default: 10000 100000)</pre>
 */
public final class ReportBenchmark {
    private static final int MEASURED_ROUNDS = 3;

    private ReportBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int[] sizes = args.length == 0 ? new int[] {10_000, 100_000}
                : java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        Path dir = Files.createTempDirectory("mem-escalate-report-bench-");
        System.out.printf(Locale.ROOT, "%-8s %9s %8s %10s %10s %10s %10s %10s %10s%n", "tasks", "attempts",
                "seed s", "build ms", "html ms", "html KB", "md ms", "json ms", "heap MB");
        for (int tasks : sizes) {
            run(dir, tasks);
        }
        System.out.println("HTML files (open them in a browser): " + dir);
    }

    private static void run(Path dir, int tasks) throws IOException {
        String id = String.format(Locale.ROOT, "%08x", tasks);
        Path db = dir.resolve("chains-" + tasks + ".db");
        try (ChainStore store = ChainStore.open(db)) {
            long t = System.nanoTime();
            Instant ended = SyntheticChain.seed(store, id, tasks, 42);
            double seedSeconds = (System.nanoTime() - t) / 1e9;
            Instant now = ended.plusSeconds(60);
            ZoneId zone = ZoneId.of("UTC");

            ChainReport report = null;
            long build = Long.MAX_VALUE;
            long html = Long.MAX_VALUE;
            long md = Long.MAX_VALUE;
            long json = Long.MAX_VALUE;
            String page = "";
            for (int round = 0; round < MEASURED_ROUNDS; round++) {
                System.gc();
                t = System.nanoTime();
                report = store.read(tx -> ReportBuilder.build(tx, id, false, now, ReportBuilder.MAX_FAILED_ROWS_HTML))
                        .orElseThrow();
                build = Math.min(build, System.nanoTime() - t);
                t = System.nanoTime();
                page = HtmlReport.report(List.of(report), now, zone);
                html = Math.min(html, System.nanoTime() - t);
                t = System.nanoTime();
                MarkdownReport.render(List.of(report), now, zone);
                md = Math.min(md, System.nanoTime() - t);
                t = System.nanoTime();
                ReportJson.write(List.of(report), now, zone, new StringWriter());
                json = Math.min(json, System.nanoTime() - t);
            }
            Path file = dir.resolve("report-" + tasks + ".html");
            Files.writeString(file, page, StandardCharsets.UTF_8);
            Runtime rt = Runtime.getRuntime();
            long attempts = report.rounds().stream().mapToLong(r -> r.timing().jobs().stream()
                    .mapToLong(ChainReport.JobSpan::attempts).sum()).sum();
            System.out.printf(Locale.ROOT, "%-8d %9d %8.1f %10.0f %10.0f %10.0f %10.0f %10.0f %10.0f%n", tasks,
                    attempts, seedSeconds, build / 1e6, html / 1e6, Files.size(file) / 1024.0, md / 1e6, json / 1e6,
                    (rt.totalMemory() - rt.freeMemory()) / 1048576.0);
            report.recommendations().forEach(r -> System.out.println("  recommendation: " + r.text()));
        }
    }
}
