package dev.memescalate.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memescalate.indexset.IndexSet;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The single-field forms sacct prints, including those of older Slurm releases. */
class SacctFieldsTest {

    @Test
    void jobIdForms() {
        assertThat(SacctJobId.parse("134_3")).satisfies(id -> {
            assertThat(id.jobId()).isEqualTo(134);
            assertThat(id.taskIndex()).hasValue(3);
            assertThat(id.isAllocation()).isTrue();
        });
        assertThat(SacctJobId.parse("134_3.batch").step()).isEqualTo("batch");
        assertThat(SacctJobId.parse("134_3.0").step()).isEqualTo("0");
        assertThat(SacctJobId.parse("135").isPlainJob()).isTrue();
        assertThat(SacctJobId.parse("135.extern")).satisfies(id -> {
            assertThat(id.isPlainJob()).isTrue();
            assertThat(id.step()).isEqualTo("extern");
        });
        assertThat(SacctJobId.parse("20_[2-7,12-17,22%56]").pendingTasks().orElseThrow()).satisfies(range -> {
            assertThat(range.indices().size()).isEqualTo(13);
            assertThat(range.indices().contains(22)).isTrue();
            assertThat(range.throttle()).hasValue(56);
        });
        assertThat(SacctJobId.parse("134_[6]").pendingTasks().orElseThrow().indices()).isEqualTo(IndexSet.of(6));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "134_", "134_x", "134_[6-11", "134_[]", "134.", "123+0", "-1", "134_-2"})
    void malformedJobIdsAreRejectedNamingTheText(String text) {
        assertThatThrownBy(() -> SacctJobId.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'");
    }

    @ParameterizedTest
    @CsvSource({"00:00:03, 3", "00:01:00, 60", "01:02:03, 3723", "1-02:03:04, 93784", "12:34, 754",
            "10-00:00:00, 864000"})
    void durations(String text, long seconds) {
        assertThat(SacctValues.parseDuration(text, "Elapsed")).contains(Duration.ofSeconds(seconds));
    }

    @ParameterizedTest
    @ValueSource(strings = {"UNLIMITED", "Partition_Limit", ""})
    void durationsWithoutAValue(String text) {
        assertThat(SacctValues.parseDuration(text, "Timelimit")).isEmpty();
    }

    @Test
    void fractionalSeconds() {
        assertThat(SacctValues.parseDuration("01:02.5", "Elapsed")).contains(Duration.ofMillis(62_500));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1:2:3:4", "abc", "1-", "00:xx:00", "INVALID"})
    void malformedDurations(String text) {
        assertThatThrownBy(() -> SacctValues.parseDuration(text, "Elapsed"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Elapsed").hasMessageContaining(text);
    }

    @ParameterizedTest
    @CsvSource({"200M, 200, false", "2G, 2048, false", "1.50G, 1536, false", "4000Mc, 4000, true",
            "4000Mn, 4000, false", "512K, 1, false", "1T, 1048576, false", "300, 300, false", "0, 0, false"})
    void requestedMemory(String text, long megabytes, boolean perCpu) {
        assertThat(SacctValues.parseRequestedMemory(text)).contains(new RequestedMemory(megabytes, perCpu));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "16?"})
    void requestedMemoryWithoutAValue(String text) {
        assertThat(SacctValues.parseRequestedMemory(text)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"4648K, 4759552", "1.50M, 1572864", "2G, 2147483648", "0, 0", "4964352, 4964352"})
    void maxRss(String text, long bytes) {
        assertThat(SacctValues.parseMaxRssBytes(text)).hasValue(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"K", "12Q", "1.2.3M", ".5M", "-1K"})
    void malformedSizes(String text) {
        assertThatThrownBy(() -> SacctValues.parseMaxRssBytes(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(text);
    }

    @Test
    void timestamps() {
        assertThat(SacctValues.parseTimestamp("2026-11-21T19:41:52", "Start"))
                .contains(LocalDateTime.of(2026, 11, 21, 19, 41, 52));
        assertThat(SacctValues.parseTimestamp("Unknown", "Start")).isEmpty();
        assertThat(SacctValues.parseTimestamp("None", "End")).isEmpty();
        assertThat(SacctValues.parseTimestamp("", "End")).isEmpty();
        assertThatThrownBy(() -> SacctValues.parseTimestamp("11/21-19:41:52", "Submit"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Submit");
        assertThatThrownBy(() -> SacctValues.parseTimestamp("2026-13-21T19:41:52", "Submit"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2026-13-21T19:41:52");
    }

    @Test
    void exitCodes() {
        assertThat(ExitCode.parse("0:125")).isEqualTo(new ExitCode(0, 125));
        assertThat(ExitCode.parse("137:0").isSuccess()).isFalse();
        assertThat(ExitCode.parse("0:0").isSuccess()).isTrue();
        assertThatThrownBy(() -> ExitCode.parse("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ExitCode.parse("1")).hasMessageContaining("rc:signal");
        assertThatThrownBy(() -> ExitCode.parse("a:b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cancelledBy() {
        assertThat(SacctValues.parseCancelledBy("CANCELLED by 1234")).hasValue(1234);
        assertThat(SacctValues.parseCancelledBy("CANCELLED")).isEmpty();
        assertThat(SacctValues.parseCancelledBy("COMPLETED")).isEmpty();
    }

    @Test
    void aTimestampOutOfRangeIsARejectedLineNotACrash() {
        String line = "7_0|job|day|COMPLETED|0:0|200M|00:01:00|00:00:03||day1|2026-13-21T19:41:52|Unknown|Unknown";

        SacctOutput output = new SacctParser(SacctFormat.STANDARD).parse(line);

        assertThat(output.records()).isEmpty();
        assertThat(output.rejects()).hasSize(1);
    }

    @Property
    void taskJobIdsRoundTrip(@ForAll @LongRange(min = 1, max = 999_999_999_999L) long job,
            @ForAll @IntRange(min = 0, max = 4_000_000) int index) {
        SacctJobId id = SacctJobId.parse(job + "_" + index + ".batch");

        assertThat(id.jobId()).isEqualTo(job);
        assertThat(id.taskIndex()).hasValue(index);
        assertThat(id.step()).isEqualTo("batch");
        assertThat(id.pendingTasks()).isEqualTo(Optional.empty());
    }

    @Property
    void durationsRoundTrip(@ForAll @LongRange(min = 0, max = 365L * 86_400) long seconds) {
        long days = seconds / 86_400;
        String clock = String.format("%02d:%02d:%02d", seconds % 86_400 / 3600, seconds % 3600 / 60, seconds % 60);
        String text = days > 0 ? days + "-" + clock : clock;

        assertThat(SacctValues.parseDuration(text, "Elapsed")).contains(Duration.ofSeconds(seconds));
    }
}
