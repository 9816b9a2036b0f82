package dev.memescalate.ladder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memescalate.InvalidInputException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MemorySizeTest {
    @ParameterizedTest
    @CsvSource({
        "512, 512", "512M, 512", "512m, 512", "512MB, 512", "512mb, 512", "2G, 2048", "2g, 2048", "2GB, 2048",
        "1T, 1048576", "1024K, 1", "1025K, 2", "1K, 1", "' 3G ', 3072", "1536M, 1536"
    })
    void parsesEveryFormSbatchTakes(String text, long megabytes) {
        assertThat(MemorySize.parse(text).megabytes()).isEqualTo(megabytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0", "0G", "-1G", "1.5G", "G", "2X", "2 GiB", "2 G", "512B", "2GiB", "lots", "1e3", "99999999999999999999"})
    void rejectsWithTheValidForms(String text) {
        assertThatThrownBy(() -> MemorySize.parse(text))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'" + text.strip() + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1G", "2X", "lots", ""})
    void garbageMessageListsTheValidForms(String text) {
        assertThatThrownBy(() -> MemorySize.parse(text)).hasMessageContaining("512M, 2G, 1T");
    }

    @org.junit.jupiter.api.Test
    void fractionMessageSuggestsASmallerUnit() {
        assertThatThrownBy(() -> MemorySize.parse("1.5G")).hasMessageContaining("1536M");
    }

    @org.junit.jupiter.api.Test
    void formatsWholeGigabytesAsG() {
        assertThat(MemorySize.ofMegabytes(2048).toSlurm()).isEqualTo("2G");
        assertThat(MemorySize.ofMegabytes(1536).toSlurm()).isEqualTo("1536M");
    }

    @Property
    void toSlurmParsesBackToTheSameSize(@ForAll @LongRange(min = 1, max = 1L << 40) long megabytes) {
        MemorySize size = MemorySize.ofMegabytes(megabytes);
        assertThat(MemorySize.parse(size.toSlurm())).isEqualTo(size);
    }

    @Property
    void everyUnitMeansItsBinaryMultiple(@ForAll @LongRange(min = 1, max = 1L << 20) long amount) {
        assertThat(MemorySize.parse(amount + "G").megabytes()).isEqualTo(amount * 1024);
        assertThat(MemorySize.parse(amount + "K").megabytes()).isEqualTo((amount + 1023) / 1024);
        assertThat(MemorySize.parse(Long.toString(amount))).isEqualTo(MemorySize.parse(amount + "M"));
    }
}
