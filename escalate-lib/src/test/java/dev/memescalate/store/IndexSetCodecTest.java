package dev.memescalate.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memescalate.indexset.IndexSet;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IndexSetCodecTest {
    @Test
    void runsAreWrittenCompactly() {
        IndexSet set = IndexSet.range(0, 99).union(IndexSet.of(105)).union(IndexSet.range(200, 300));

        assertThat(IndexSetCodec.encode(set)).isEqualTo("0-99,105,200-300");
        assertThat(IndexSetCodec.encode(IndexSet.empty())).isEmpty();
        assertThat(IndexSetCodec.encode(IndexSet.of(7, 8))).isEqualTo("7-8");
        assertThat(IndexSetCodec.encode(IndexSet.of(IndexSet.MAX_INDEX))).isEqualTo("2147483646");
    }

    @Property
    void decodeInvertsEncode(@ForAll @Size(max = 300) Set<@IntRange(min = 0, max = 2_000) Integer> indices) {
        IndexSet set = IndexSet.of(indices.stream().mapToInt(Integer::intValue).toArray());

        assertThat(IndexSetCodec.decode(IndexSetCodec.encode(set))).isEqualTo(set);
    }

    @Test
    void runsUpToTheLargestIndexComeBack() {
        IndexSet top = IndexSet.of(0).union(IndexSet.range(IndexSet.MAX_INDEX - 5, IndexSet.MAX_INDEX));

        assertThat(IndexSetCodec.decode(IndexSetCodec.encode(top))).isEqualTo(top);
    }

    @ParameterizedTest
    @ValueSource(strings = {",", "1,", "-1", "5-3", "1,1", "3,2", "1-4,4", "1-4,5", "a", "1 ,2", "99999999999", "2147483647",
        "0-2147483647"})
    void textEncodeCannotHaveWrittenIsReportedAsCorrupt(String text) {
        assertThatThrownBy(() -> IndexSetCodec.decode(text)).isInstanceOf(StoreException.class)
                .hasMessageContaining("corrupt index set");
    }
}
