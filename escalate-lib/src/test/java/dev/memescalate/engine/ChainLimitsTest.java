package dev.memescalate.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memescalate.config.ConfigLoader;
import dev.memescalate.config.EscalationConfig;
import dev.memescalate.slurm.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The cluster limits stored with a chain at submit, which every handler run reads back. */
class ChainLimitsTest {
    /** As earlier versions wrote it (jackson-databind's ObjectNode): stores written by them must read the same. */
    private static final String STORED = "{\"max_array_size\":10001,\"handler\":{\"partitions\":[\"devel\",\"day\"],"
            + "\"mem_mb\":512,\"time_s\":600},\"guards\":[{\"partitions\":[\"day\"],\"mem_mb\":1024,\"time_s\":1200},"
            + "{\"partitions\":[\"day\",\"week\"],\"mem_mb\":2048,\"time_s\":2400}]}";

    private static EscalationConfig config() throws IOException {
        return ConfigLoader.parse(Files.readString(Path.of("../config/default.yaml")), "default.yaml");
    }

    @Test
    void limitsRoundTripThroughTheStoredJson() throws IOException {
        EscalationConfig config = config();
        ChainLimits limits = ChainLimits.of(Fixtures.labCluster(), config, Optional.empty());

        assertThat(ChainLimits.fromJson(limits.toJson(), config)).isEqualTo(limits);
    }

    @Test
    void theStoredTextIsWhatEarlierVersionsWroteAndRead() throws IOException {
        ChainLimits limits = ChainLimits.fromJson(STORED, config());

        assertThat(limits.arrayLimits().maxArraySize()).hasValue(10001);
        assertThat(limits.handlerResources().partitions()).containsExactly("devel", "day");
        assertThat(limits.handlerResources().mem().megabytes()).isEqualTo(512);
        assertThat(limits.guardResources()).hasSize(2);
        assertThat(limits.guardResources(2).time().seconds()).isEqualTo(2400);
        assertThat(limits.toJson()).isEqualTo(STORED);
    }

    @Test
    void spacesFieldOrderAndUnknownFieldsDoNotMatter() throws IOException {
        String reordered = "{ \"guards\": [], \"later\": {\"x\": [1, 2]},\n \"handler\": {\"time_s\": 60, \"mem_mb\": 100,"
                + " \"partitions\": [\"day\"]}, \"max_array_size\": 7 }";

        ChainLimits limits = ChainLimits.fromJson(reordered, config());

        assertThat(limits.toJson()).isEqualTo("{\"max_array_size\":7,\"handler\":{\"partitions\":[\"day\"],"
                + "\"mem_mb\":100,\"time_s\":60},\"guards\":[]}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "{\"max_array_size\":7}", "{\"max_array_size\":\"x\",\"handler\":{}}",
        "{\"max_array_size\":7,\"handler\":{\"mem_mb\":1}}", "{\"max_array_size\":7,\"handler\":{\"partitions\":[1],"
            + "\"mem_mb\":1,\"time_s\":1}}", "{\"max_array_size\":7,\"handler\":"})
    void unreadableLimitsSayWhatWasStored(String json) {
        assertThatThrownBy(() -> ChainLimits.fromJson(json, config()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the cluster limits stored with the chain cannot be read: " + json);
    }
}
