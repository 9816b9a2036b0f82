package dev.memescalate.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memescalate.indexset.IndexSet;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.stream.Collectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The streaming fold and the original one ({@link SacctParser} + {@link TaskAccounting#fold}, per array) read the
 * same answer the same way. Answers are random: the real steps fixture of array 134 (and the same rows as array 135),
 * with rows dropped, pending ranges, plain rows (the CANCELLED one and the known lie), rows of other jobs and of
 * indices not submitted, repeated task rows, corrupted fields, blank lines, in random order.
 */
class RoundAccountingAgreesWithTaskAccountingTest {
    private static final SacctParser PARSER = new SacctParser(SacctFormat.STANDARD);
    private static final List<String> FIXTURE = Fixtures.slurm2205("sacct-P-steps-final.txt").lines().toList();
    private static final String[] STATES = {"COMPLETED|0:0", "FAILED|1:0", "PENDING|0:0", "RUNNING|0:0",
        "CANCELLED by 0|0:0", "OUT_OF_MEMORY|0:125", "NODE_FAIL|0:0", "SOMETHING_NEW|0:0", "TIMEOUT|0:0"};
    private static final String REST = "|200M|00:01:00|00:00:03||day1|2026-11-21T19:41:52|2026-11-21T19:41:53|"
            + "2026-11-21T19:41:56";

    @Property(tries = 300)
    void bothFoldsAgreeOnEveryTask(@ForAll long seed, @ForAll @IntRange(min = 1, max = 2) int arrays,
            @ForAll boolean inOrder) {
        Random random = new Random(seed);
        Map<Long, IndexSet> expected = new LinkedHashMap<>();
        List<String> lines = new ArrayList<>();
        for (int a = 0; a < arrays; a++) {
            long job = 134 + a;
            // Mostly within the fixture's 0-11; sometimes indices sacct has no row for.
            expected.put(job, randomSubset(random, 0, random.nextInt(5) == 0 ? 13 : 11));
            lines.addAll(answerFor(job, random));
        }
        lines.addAll(noise(random));
        if (!inOrder) {
            Collections.shuffle(lines, random);
        }
        String text = String.join("\n", lines);

        SacctOutput parsed = PARSER.parse(text);
        RoundAccounting streamed = RoundAccountingTest.fold(expected, SacctFormat.STANDARD, text);

        boolean allComplete = true;
        long anomalies = 0;
        for (Map.Entry<Long, IndexSet> job : expected.entrySet()) {
            TaskAccounting original = TaskAccounting.fold(job.getKey(), job.getValue(), parsed);
            allComplete &= original.isComplete();
            // The original also lists the rows of other jobs (as one line) and repeated task rows; the streaming
            // fold counts the first apart and keeps the second as earlier runs.
            anomalies += original.anomalies().stream()
                    .filter(a -> !a.contains("not of job") && !a.startsWith("two rows for task")).count();
            assertSameTasks(job.getKey(), original, streamed, lines);
            assertThat(streamed.unsettled(job.getKey())).isEqualTo(original.unsettled());
            assertThat(streamed.missing(job.getKey())).isEqualTo(original.missing());
            assertThat(streamed.notTerminal(job.getKey())).isEqualTo(original.notTerminal());
        }
        assertThat(streamed.isComplete()).isEqualTo(allComplete);
        assertThat(streamed.anomalyCount()).isEqualTo(anomalies);
        assertThat(streamed.rejectCount()).isEqualTo(parsed.rejects().size());
        assertThat(streamed.rejects()).isEqualTo(parsed.rejects().subList(0,
                Math.min(parsed.rejects().size(), RoundAccounting.KEPT_EXAMPLES)));
        long otherJobs = parsed.records().stream().filter(r -> !expected.containsKey(r.jobId())).count();
        assertThat(streamed.otherJobRows()).isEqualTo(otherJobs);
    }

    private static void assertSameTasks(long job, TaskAccounting original, RoundAccounting streamed,
            List<String> lines) {
        for (int index : original.expected().toArray()) {
            Optional<TaskRecord> before = original.task(index);
            Optional<RoundAccounting.Task> after = streamed.task(job, index);
            assertThat(after.isPresent()).as("row for %d_%d", job, index).isEqualTo(before.isPresent());
            if (before.isEmpty()) {
                continue;
            }
            TaskRecord old = before.get();
            RoundAccounting.Task now = after.get();
            SacctRecord row = old.allocation();
            assertThat(now.source()).isEqualTo(old.source());
            assertThat(now.state()).isEqualTo(old.state());
            assertThat(now.stateText()).isEqualTo(row.stateText());
            assertThat(now.exitCode()).isEqualTo(old.exitCode());
            assertThat(now.elapsedSeconds()).isEqualTo(seconds(row.elapsed().map(d -> d.getSeconds())));
            assertThat(now.nodeList()).isEqualTo(row.nodeList());
            assertThat(now.startEpochSecond()).isEqualTo(seconds(row.start().map(RoundAccountingAgreesWithTaskAccountingTest::epoch)));
            assertThat(now.endEpochSecond()).isEqualTo(seconds(row.end().map(RoundAccountingAgreesWithTaskAccountingTest::epoch)));
            // A repeated task row is a requeue to the streaming fold: its steps are the later run's, where the
            // original keeps the last .batch row and the largest MaxRSS of both runs. Compare steps only without one.
            boolean ranOnce = now.earlierRuns().isEmpty();
            if (ranOnce) {
                assertThat(now.maxRssBytes()).isEqualTo(old.maxRssBytes());
                assertThat(now.batchStateText()).isEqualTo(old.batchStep().map(SacctRecord::stateText));
                assertThat(now.batchExitCode()).isEqualTo(old.batchStep().map(SacctRecord::exitCode));
            }
            long taskRows = lines.stream().filter(line -> line.startsWith(job + "_" + index + "|")).count();
            boolean ownRow = now.source() == TaskRecord.Source.TASK_ROW;
            assertThat(now.earlierRuns()).hasSize(ownRow ? (int) taskRows - 1 : 0);
        }
    }

    private static OptionalLong seconds(Optional<Long> value) {
        return value.map(OptionalLong::of).orElse(OptionalLong.empty());
    }

    private static long epoch(LocalDateTime time) {
        return time.atZone(RoundAccountingTest.ZONE).toEpochSecond();
    }

    private static IndexSet randomSubset(Random random, int first, int last) {
        IndexSet.Builder subset = IndexSet.builder();
        for (int i = first; i <= last; i++) {
            if (random.nextInt(4) > 0) {
                subset.add(i);
            }
        }
        return subset.build();
    }

    /** The fixture's rows as job {@code job}, some dropped, repeated or corrupted, plus ranges and plain rows. */
    private static List<String> answerFor(long job, Random random) {
        List<String> lines = new ArrayList<>();
        for (String line : FIXTURE) {
            String row = line.replace("134_", job + "_");
            int roll = random.nextInt(40);
            if (roll == 0) {
                continue; // dropped: the task (or its step) is missing
            }
            lines.add(roll == 1 ? corrupted(row, random) : row);
            if (roll == 2 && !row.contains(".")) {
                // A repeated task row, with another state: a requeue under --duplicates.
                lines.add(row.replaceFirst("\\|[A-Z_]+( by 0)?\\|\\d+:\\d+\\|", "|" + STATES[random.nextInt(STATES.length)] + "|"));
            }
        }
        if (random.nextInt(3) == 0) {
            int from = random.nextInt(14);
            int to = from + random.nextInt(4);
            String throttle = random.nextBoolean() ? "%4" : "";
            lines.add(job + "_[" + from + "-" + to + throttle + "]|fixture-mixed|day|"
                    + STATES[random.nextInt(3) * 2] + REST);
        }
        if (random.nextInt(4) == 0) {
            lines.add(job + "|allocation|day|" + STATES[random.nextInt(STATES.length)] + REST);
        }
        if (random.nextInt(4) == 0) {
            lines.add(job + "_" + (20 + random.nextInt(5)) + "|fixture-mixed|day|COMPLETED|0:0" + REST);
        }
        return lines;
    }

    /** Rows of another job, a step of a plain row, blank lines. */
    private static List<String> noise(Random random) {
        List<String> lines = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            lines.add("999_" + i + "|other|day|FAILED|1:0" + REST);
        }
        if (random.nextBoolean()) {
            lines.add("134.batch|batch||COMPLETED|0:0|||00:00:03|100K|day1|2026-11-21T19:41:52|"
                    + "2026-11-21T19:41:53|2026-11-21T19:41:56");
        }
        if (random.nextBoolean()) {
            lines.add("");
        }
        return lines;
    }

    /**
     * A field dropped, or a field the streaming fold reads given a value no parser accepts. It reads an allocation
     * row's JobID, ExitCode, Elapsed, Start and End (not its MaxRSS), a .batch step's JobID, ExitCode and MaxRSS, any
     * other step's JobID and MaxRSS.
     */
    private static String corrupted(String row, Random random) {
        List<String> fields = new ArrayList<>(List.of(row.split("\\|", -1)));
        String id = fields.get(0);
        int[] readByBoth = !id.contains(".") ? new int[] {0, 4, 7, 11, 12}
                : id.endsWith(".batch") ? new int[] {0, 4, 8}
                : new int[] {0, 8};
        switch (random.nextInt(3)) {
            case 0 -> fields.remove(random.nextInt(fields.size()));
            case 1 -> fields.set(readByBoth[random.nextInt(readByBoth.length)], "x" + random.nextInt(10));
            default -> fields.add(3, "extra"); // after JobName: rejoined into the name, so still a good row
        }
        return fields.stream().collect(Collectors.joining("|"));
    }

    @Property(tries = 200)
    void timesAreTheOldPathsLocalTimesInTheZone(@ForAll @IntRange(min = 0, max = 400_000_000) int secondsFrom2020,
            @ForAll @IntRange(min = 0, max = 3) int zoneChoice) {
        ZoneId zone = ZoneId.of(List.of("Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "UTC")
                .get(zoneChoice));
        LocalDateTime local = LocalDateTime.of(2020, 1, 1, 0, 0).plusSeconds(secondsFrom2020);
        String text = local.toString().length() == 16 ? local + ":00" : local.toString();

        RoundAccounting.Folder folder = RoundAccounting.folder(Map.of(7L, IndexSet.of(0)), SacctFormat.ROUND, zone);
        folder.accept(Line.of("7_0|COMPLETED|0:0|||day1|" + text + "|" + text + "|1"));
        folder.accept(Line.of("7_0|COMPLETED|0:0|||day1|" + text + "|" + text + "|1")); // second time from the cache
        RoundAccounting.Task task = folder.finish().task(7, 0).orElseThrow();

        long expected = local.atZone(zone).toEpochSecond();
        assertThat(task.startEpochSecond()).hasValue(expected);
        assertThat(task.earlierRuns()).singleElement().satisfies(run ->
                assertThat(run.endEpochSecond()).hasValue(expected));
    }
}
