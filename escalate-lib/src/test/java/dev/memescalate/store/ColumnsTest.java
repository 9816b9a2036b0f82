package dev.memescalate.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeFormatterBuilder;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ColumnsTest {
    @Test
    void instantsAreFixedWidthUtcText() {
        assertThat(Columns.instant(Instant.parse("2026-11-21T19:50:50Z"))).isEqualTo("2026-11-21T19:50:50.000000000Z");
        assertThat(Columns.instant(Instant.parse("2026-11-21T19:50:50.5Z"))).isEqualTo("2026-11-21T19:50:50.500000000Z");
    }

    @Property
    void instantsRoundTripAndSortAsTextInTimeOrder(
            @ForAll @LongRange(min = 0, max = 253_402_300_799L) long secondsA, @ForAll @LongRange(max = 999_999_999) long nanosA,
            @ForAll @LongRange(min = 0, max = 253_402_300_799L) long secondsB, @ForAll @LongRange(max = 999_999_999) long nanosB) {
        Instant a = Instant.ofEpochSecond(secondsA, nanosA);
        Instant b = Instant.ofEpochSecond(secondsB, nanosB);

        assertThat(Columns.instant(Columns.instant(a))).isEqualTo(a);
        assertThat(Integer.signum(Columns.instant(a).compareTo(Columns.instant(b))))
                .isEqualTo(Integer.signum(a.compareTo(b)));
    }

    /** Columns writes instants digit by digit; DateTimeFormatter's appendInstant(9) is the reference. */
    @Property
    void instantsAreWrittenAsTheFormatterWritesThem(
            @ForAll @LongRange(min = -62_167_219_200L - 86_400, max = 253_402_300_799L + 86_400) long seconds,
            @ForAll @LongRange(max = 999_999_999) long nanos) {
        Instant instant = Instant.ofEpochSecond(seconds, nanos);

        assertThat(Columns.instant(instant))
                .isEqualTo(new DateTimeFormatterBuilder().appendInstant(9).toFormatter().format(instant));
    }

    @Property
    void anyStringListRoundTripsThroughPureAsciiJson(@ForAll List<String> values) {
        String json = Columns.stringList(values);

        assertThat(json.chars().allMatch(c -> c < 128)).isTrue();
        assertThat(Columns.stringList(json)).isEqualTo(values);
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "[null]", "[1", "{}", "\"x\""})
    void aCorruptStringListIsReportedAsCorrupt(String json) {
        assertThatThrownBy(() -> Columns.stringList(json))
                .isInstanceOf(StoreException.class).hasMessageContaining("corrupt string list");
    }

    /** The text earlier versions wrote (with jackson-databind): the same text for the same list, so stores agree. */
    @Test
    void aStringListIsWrittenAsEarlierVersionsWroteIt() {
        assertThat(Columns.stringList(List.of("a b", "\u00e9", "\"q\" $(x);", "\u0000\ud800", "tab\there", "/")))
                .isEqualTo("[\"a b\",\"\\u00E9\",\"\\\"q\\\" $(x);\",\"\\u0000\\uD800\",\"tab\\there\",\"/\"]");
    }

    @Test
    void awkwardArgumentsRoundTrip() {
        assertThat(Columns.stringList(Columns.stringList(Fixtures.AWKWARD_STRINGS)))
                .isEqualTo(Fixtures.AWKWARD_STRINGS);
    }
}
