package dev.memescalate.ladder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memescalate.InvalidInputException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimeLimitTest {
    @ParameterizedTest
    @CsvSource({
        "30, 1800", "90, 5400", "30:00, 1800", "0:20, 20", "1:00:00, 3600", "00:01:00, 60", "36:00:00, 129600",
        "1-0, 86400", "1-12, 129600", "1-12:30, 131400", "2-00:00:00, 172800", "0-00:02:00, 120", "' 5 ', 300"
    })
    void parsesEveryFormSbatchTakes(String text, long seconds) {
        assertThat(TimeLimit.parse(text).seconds()).isEqualTo(seconds);
    }

    @ParameterizedTest
    @ValueSource(strings = {"UNLIMITED", "infinite", "0", "00:00:00", "0-0", "", "1:75", "1:00:60", "1-24",
        "1-1:60", "1:2:3:4", "-5", "1.5", "1h", "abc", "99999999999999999999"})
    void rejects(String text) {
        assertThatThrownBy(() -> TimeLimit.parse(text))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'" + text.strip() + "'")
                .hasMessageContaining("HH:MM:SS");
    }

    @Test
    void unlimitedIsRejectedBecauseALevelNeedsAFiniteLimit() {
        assertThatThrownBy(() -> TimeLimit.parse("UNLIMITED")).hasMessageContaining("finite limit");
    }

    /** The bare grammar, for Slurm's own output: zero reads as zero (the caller decides what it means). */
    @ParameterizedTest
    @CsvSource({"0, 0", "00:00:00, 0", "0-0, 0", "00:01:00, 60", "7-00:00:00, 604800"})
    void parseSecondsReadsTheGrammarZeroIncluded(String text, long seconds) {
        assertThat(TimeLimit.parseSeconds(text)).isEqualTo(seconds);
    }

    @ParameterizedTest
    @ValueSource(strings = {"UNLIMITED", "1:75", "1:2:3:4", "soon", "99999999999999999999"})
    void parseSecondsRejectsWhatIsNotATime(String text) {
        assertThatThrownBy(() -> TimeLimit.parseSeconds(text))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'" + text + "'");
    }

    @Test
    void roundsUpToWholeMinutesLikeSlurmctld() {
        assertThat(TimeLimit.parse("0:20").minutesRoundedUp()).isEqualTo(1);
        assertThat(TimeLimit.parse("1:00:00").minutesRoundedUp()).isEqualTo(60);
    }

    @Test
    void formats() {
        assertThat(TimeLimit.ofMinutes(1).toSlurm()).isEqualTo("00:01:00");
        assertThat(new TimeLimit(90_061).toSlurm()).isEqualTo("1-01:01:01");
    }

    @Property
    void toSlurmParsesBackToTheSameLimit(@ForAll @LongRange(min = 1, max = 400L * 86_400) long seconds) {
        TimeLimit limit = new TimeLimit(seconds);
        assertThat(TimeLimit.parse(limit.toSlurm())).isEqualTo(limit);
    }

    @Property
    void bareNumbersAreMinutes(@ForAll @LongRange(min = 1, max = 1_000_000) long minutes) {
        assertThat(TimeLimit.parse(Long.toString(minutes))).isEqualTo(TimeLimit.ofMinutes(minutes));
    }
}
