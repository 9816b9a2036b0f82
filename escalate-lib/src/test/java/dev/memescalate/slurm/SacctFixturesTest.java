package dev.memescalate.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.memescalate.indexset.IndexSet;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Every sacct fixture of array job 134 (and jobs 135, 136, 148) read with the production parser and fold. */
class SacctFixturesTest {
    private static final SacctParser STANDARD = new SacctParser(SacctFormat.STANDARD);
    private static final IndexSet ARRAY_134 = IndexSet.range(0, 11);

    /** Task index -> State as printed and ExitCode, as the payload was written to end (README.md of the fixtures). */
    private static final Map<Integer, String> EXPECTED_134 = new TreeMap<>(Map.ofEntries(
            Map.entry(0, "COMPLETED 0:0"), Map.entry(1, "COMPLETED 0:0"), Map.entry(2, "COMPLETED 0:0"),
            Map.entry(3, "OUT_OF_MEMORY 0:125"), Map.entry(4, "FAILED 1:0"), Map.entry(5, "FAILED 0:9"),
            Map.entry(6, "TIMEOUT 0:0"), Map.entry(7, "CANCELLED by 0 0:0"), Map.entry(8, "COMPLETED 0:0"),
            Map.entry(9, "COMPLETED 0:0"), Map.entry(10, "COMPLETED 0:0"), Map.entry(11, "COMPLETED 0:0")));

    private static Map<Integer, String> stateAndExitByIndex(TaskAccounting accounting) {
        return accounting.tasks().values().stream().collect(Collectors.toMap(TaskRecord::index,
                t -> t.allocation().stateText() + " " + t.exitCode(), (a, b) -> a, TreeMap::new));
    }

    @Test
    void finalAllocationRowsGiveEveryTerminalState() {
        SacctOutput output = STANDARD.parse(Fixtures.slurm2205("sacct-X-P-final.txt"));

        assertThat(output.rejects()).isEmpty();
        assertThat(output.records()).hasSize(12).allMatch(SacctRecord::isAllocation);
        TaskAccounting accounting = TaskAccounting.fold(134, ARRAY_134, output);
        assertThat(accounting.isComplete()).isTrue();
        assertThat(accounting.anomalies()).isEmpty();
        assertThat(stateAndExitByIndex(accounting)).isEqualTo(EXPECTED_134);
        assertThat(accounting.tasks().values()).allMatch(t -> t.source() == TaskRecord.Source.TASK_ROW);
    }

    @Test
    void everyColumnOfOneAllocationRowIsRead() {
        SacctRecord timeout = STANDARD.parse(Fixtures.slurm2205("sacct-X-P-final.txt")).records().get(6);

        assertThat(timeout.id()).isEqualTo(new SacctJobId("134_6", 134, OptionalInt.of(6), Optional.empty(), ""));
        assertThat(timeout.jobName()).isEqualTo("fixture-mixed");
        assertThat(timeout.partition()).isEqualTo("day");
        assertThat(timeout.state()).isEqualTo(JobState.TIMEOUT);
        assertThat(timeout.cancelledBy()).isEmpty();
        assertThat(timeout.exitCode()).isEqualTo(new ExitCode(0, 0));
        assertThat(timeout.requestedMemory()).contains(new RequestedMemory(200, false));
        assertThat(timeout.timelimit()).contains(Duration.ofMinutes(1));
        assertThat(timeout.elapsed()).contains(Duration.ofSeconds(62));
        assertThat(timeout.maxRssBytes()).as("MaxRSS is blank on allocation rows").isEmpty();
        assertThat(timeout.nodeList()).isEqualTo("day1");
        assertThat(timeout.submit()).contains(LocalDateTime.of(2026, 11, 21, 19, 41, 52));
        assertThat(timeout.start()).contains(LocalDateTime.of(2026, 11, 21, 19, 41, 56));
        assertThat(timeout.end()).contains(LocalDateTime.of(2026, 11, 21, 19, 42, 58));
        assertThat(timeout.reason()).as("not asked for").isEmpty();
    }

    @Test
    void cancelledByNamesTheUid() {
        SacctRecord cancelled = STANDARD.parse(Fixtures.slurm2205("sacct-X-P-final.txt")).records().get(7);

        assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
        assertThat(cancelled.stateText()).isEqualTo("CANCELLED by 0");
        assertThat(cancelled.cancelledBy()).hasValue(0);
    }

    @Test
    void stepRowsGiveMaxRssAndTheBatchStep() {
        SacctOutput output = STANDARD.parse(Fixtures.slurm2205("sacct-P-steps-final.txt"));

        assertThat(output.rejects()).isEmpty();
        assertThat(output.records()).hasSize(24);
        TaskAccounting accounting = TaskAccounting.fold(134, ARRAY_134, output);
        assertThat(accounting.isComplete()).isTrue();
        assertThat(stateAndExitByIndex(accounting)).isEqualTo(EXPECTED_134);
        TaskRecord first = accounting.task(0).orElseThrow();
        assertThat(first.maxRssBytes()).hasValue(4648L * 1024);
        assertThat(first.batchStep().orElseThrow().step()).isEqualTo("batch");
        assertThat(first.batchStep().orElseThrow().requestedMemory()).as("blank on steps").isEmpty();
        assertThat(first.batchStep().orElseThrow().timelimit()).as("blank on steps").isEmpty();
        // TIMEOUT: the job row says TIMEOUT 0:0, its batch step CANCELLED 0:15 (SIGTERM).
        SacctRecord timeoutBatch = accounting.task(6).orElseThrow().batchStep().orElseThrow();
        assertThat(timeoutBatch.state()).isEqualTo(JobState.CANCELLED);
        assertThat(timeoutBatch.exitCode()).isEqualTo(new ExitCode(0, 15));
        // No cgroup OOM here: a SIGKILLed task is FAILED 0:9 on the job row, CANCELLED 0:9 on the batch step.
        assertThat(accounting.task(5).orElseThrow().batchStep().orElseThrow().stateText()).isEqualTo("CANCELLED");
        assertThat(accounting.task(11).orElseThrow().maxRssBytes()).hasValue(4848L * 1024);
    }

    @Test
    void multiCharacterDelimiterReadsTheSameRows() {
        SacctParser caretPipe = new SacctParser(SacctFormat.STANDARD.withDelimiter("^|^"));

        SacctOutput delimited = caretPipe.parse(Fixtures.slurm2205("sacct-X-delim-final.txt"));

        assertThat(delimited.rejects()).isEmpty();
        assertThat(delimited.records()).isEqualTo(STANDARD.parse(Fixtures.slurm2205("sacct-X-P-final.txt")).records());
    }

    @Test
    void theDefaultPipeParserRejectsEveryLineOfTheCaretPipeFixture() {
        SacctOutput wrongDelimiter = STANDARD.parse(Fixtures.slurm2205("sacct-X-delim-final.txt"));

        assertThat(wrongDelimiter.records()).isEmpty();
        assertThat(wrongDelimiter.rejects()).hasSize(12);
        assertThat(TaskAccounting.fold(134, ARRAY_134, wrongDelimiter).isComplete()).isFalse();
    }

    @Test
    void whileRunningOnlyThePendingRangeIsListedSoTheAnswerIsIncomplete() {
        SacctOutput output = STANDARD.parse(Fixtures.slurm2205("sacct-X-P-running.txt"));

        SacctRecord range = output.records().get(0);
        assertThat(range.id().pendingTasks().orElseThrow().indices()).isEqualTo(IndexSet.range(6, 11));
        assertThat(range.id().pendingTasks().orElseThrow().throttle()).hasValue(4);
        assertThat(range.start()).as("Unknown").isEmpty();
        assertThat(range.end()).as("Unknown").isEmpty();
        assertThat(range.nodeList()).as("None assigned").isEmpty();
        TaskAccounting accounting = TaskAccounting.fold(134, ARRAY_134, output);
        assertThat(accounting.isComplete()).isFalse();
        assertThat(accounting.missing()).as("tasks 0-5 had started, but their start records lagged")
                .isEqualTo(IndexSet.range(0, 5));
        assertThat(accounting.notTerminal()).isEqualTo(IndexSet.range(6, 11));
        assertThat(accounting.unsettled()).isEqualTo(ARRAY_134);
        assertThat(accounting.task(8).orElseThrow().source()).isEqualTo(TaskRecord.Source.PENDING_RANGE);
        assertThat(accounting.task(8).orElseThrow().state()).isEqualTo(JobState.PENDING);
    }

    @Test
    void anArrayCancelledBeforeAnyTaskStartedIsOnePlainRowForEveryIndex() {
        SacctOutput output = STANDARD.parse(Fixtures.slurm2205("sacct-X-P-cancelled-before-start.txt"));

        SacctRecord row = output.records().get(0);
        assertThat(row.id().isPlainJob()).isTrue();
        assertThat(row.jobName()).isEqualTo("allocation");
        assertThat(row.requestedMemory()).as("16? is sacct's print of a no-value sentinel").isEmpty();
        assertThat(row.nodeList()).isEmpty();
        assertThat(row.timelimit()).isEmpty();
        assertThat(row.cancelledBy()).hasValue(0);
        TaskAccounting accounting = TaskAccounting.fold(148, IndexSet.range(0, 3), output);
        assertThat(accounting.isComplete()).isTrue();
        assertThat(accounting.tasks()).hasSize(4);
        assertThat(accounting.tasks().values()).allMatch(t -> t.source() == TaskRecord.Source.WHOLE_ARRAY
                && t.state() == JobState.CANCELLED);
    }

    @Test
    void handlerAndFinalizerRowsWithTheirOwnColumns() {
        SacctFormat columns = new SacctFormat(List.of(SacctColumn.JOB_ID, SacctColumn.JOB_NAME, SacctColumn.STATE,
                SacctColumn.EXIT_CODE, SacctColumn.REASON), "|");

        SacctOutput output = new SacctParser(columns).parse(Fixtures.slurm2205("sacct-handler-finalizer.txt"));

        assertThat(output.rejects()).isEmpty();
        SacctRecord handler = output.plainJobRow(135).orElseThrow();
        assertThat(handler.state()).isEqualTo(JobState.COMPLETED);
        assertThat(handler.reason()).isEqualTo("Dependency");
        assertThat(handler.jobName()).isEqualTo("fixture-handler");
        assertThat(handler.partition()).as("not asked for").isEmpty();
        SacctRecord finalizer = output.plainJobRow(136).orElseThrow();
        assertThat(finalizer.state()).isEqualTo(JobState.PENDING);
        assertThat(output.plainJobRow(999)).isEmpty();
    }

    @Test
    void jsonFixtureAgreesWithTheTextOnTaskStatesAndMemory() throws Exception {
        JsonNode jobs = new ObjectMapper().readTree(Fixtures.slurm2205("sacct-json-final.json")).get("jobs");
        Map<Integer, String> jsonStates = new TreeMap<>();
        for (JsonNode job : jobs) {
            assertThat(job.at("/array/job_id").asLong()).isEqualTo(134);
            assertThat(job.at("/required/memory").asLong()).isEqualTo(200);
            jsonStates.put(job.at("/array/task_id").asInt(), job.at("/state/current").asText());
        }

        Map<Integer, String> textStates = new TreeMap<>();
        TaskAccounting text = TaskAccounting.fold(134, ARRAY_134, STANDARD.parse(Fixtures.slurm2205("sacct-X-P-final.txt")));
        text.tasks().values().forEach(t -> textStates.put(t.index(), t.state().name()));
        assertThat(jsonStates).isEqualTo(textStates);
    }

    /** Why the text output is read and not {@code sacct --json}: 22.05's JSON loses the return code of task 4 (exit 1). */
    @Test
    void jsonFixtureReportsExitOneAsSuccess() throws Exception {
        JsonNode jobs = new ObjectMapper().readTree(Fixtures.slurm2205("sacct-json-final.json")).get("jobs");
        JsonNode task4 = null;
        for (JsonNode job : jobs) {
            if (job.at("/array/task_id").asInt() == 4) {
                task4 = job;
            }
        }

        assertThat(task4.at("/state/current").asText()).isEqualTo("FAILED");
        assertThat(task4.at("/exit_code/status").asText()).isEqualTo("SUCCESS");
        assertThat(task4.at("/exit_code/return_code").asInt()).isZero();
        assertThat(STANDARD.parse(Fixtures.slurm2205("sacct-X-P-final.txt")).records().get(4).exitCode())
                .isEqualTo(new ExitCode(1, 0));
    }

    @Test
    void optionsBuildTheSacctArgvTail() {
        assertThat(SacctFormat.STANDARD.options()).containsExactly("--noheader", "--parsable2",
                "--format=JobID,JobName,Partition,State,ExitCode,ReqMem,Timelimit,Elapsed,MaxRSS,NodeList,Submit,Start,End");
        assertThat(SacctFormat.STANDARD.withDelimiter("^|^").options())
                .contains("--parsable2", "--delimiter=^|^");
        assertThat(SacctFormat.ENVIRONMENT).containsEntry("SLURM_BITSTR_LEN", "0");
        assertThat(SacctFormat.ROUND.options()).containsExactly("--noheader", "--parsable2",
                "--format=JobID,State,ExitCode,Elapsed,MaxRSS,NodeList,Start,End,AllocCPUS");
    }

    @Test
    void headerLineGivesTheFormat() {
        SacctFormat fromHeader = SacctFormat.fromHeader(
                "JobID|JobName|Partition|State|ExitCode|ReqMem|Timelimit|Elapsed|MaxRSS|NodeList|Submit|Start|End", "|");

        assertThat(fromHeader).isEqualTo(SacctFormat.STANDARD);
        assertThat(SacctFormat.fromHeader("JOBID|STATE|EXITCODE|REASON", "|").columns()).containsExactly(
                SacctColumn.JOB_ID, SacctColumn.STATE, SacctColumn.EXIT_CODE, SacctColumn.REASON);
        assertThat(SacctFormat.fromHeader("JobID|State|ExitCode|Elapsed|MaxRSS|NodeList|Start|End|AllocCPUS", "|"))
                .isEqualTo(SacctFormat.ROUND);
    }

    @Test
    void requestedMemoryOnRowsIsReadAsWholeMegabytes() {
        assertThat(STANDARD.parse(Fixtures.slurm2205("sacct-P-steps-final.txt")).records().stream()
                .filter(SacctRecord::isAllocation).map(SacctRecord::requestedMemory).distinct())
                .containsExactly(Optional.of(new RequestedMemory(200, false)));
        assertThat(STANDARD.parse(Fixtures.slurm2205("sacct-P-steps-final.txt")).records().stream()
                .filter(r -> !r.isAllocation()).map(SacctRecord::maxRssBytes))
                .allMatch(OptionalLong::isPresent);
    }
}
