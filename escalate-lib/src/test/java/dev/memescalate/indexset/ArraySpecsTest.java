package dev.memescalate.indexset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArraySpecsTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "7                                | 7",
        "0,1,2,3,4,5                      | 0-5",
        "0,1                              | 0,1",
        "3,5,8                            | 3,5,8",
        "0,4,8,12,16,20                   | 0-20:4",
        "5,6,15,16,25,26,35,36,45,46      | 5-45:10,6-46:10",
        "0,1,2,10,11,12,20,21,22,30,31,32 | 0-2,10-12,20-22,30-32",
        "0-90:10 1-91:10 2-92:10          | 0-90:10,1-91:10,2-92:10",
        "0-100,200,300,400,500            | 0-100,200-500:100",
    })
    void compressesRunsProgressionsAndInterleavedProgressions(String indices, String expected) {
        IndexSet set = ArraySpec.parseIndexList(indices, 1001);

        assertThat(ArraySpecs.compress(set)).isEqualTo(expected);
    }

    @Test
    void progressionsMayRunThroughARun() {
        // 0-99 is a run; the multiples of 7 continue past it. The greedy starts each progression at the first
        // uncovered index (105), so it misses the one character that 98-700:7 would save.
        IndexSet set = IndexSet.range(0, 99).union(ArraySpec.parse("0-700:7").indices());

        assertThat(ArraySpecs.compress(set)).isEqualTo("0-99,105-700:7");
    }

    @Test
    void formatRunsIsTheReadableCanonicalForm() {
        assertThat(ArraySpecs.formatRuns(IndexSet.of(0, 1, 2, 3, 7, 9, 10))).isEqualTo("0-3,7,9,10");
    }

    @Test
    void abbreviateCutsLongSets() {
        IndexSet everyOther = ArraySpec.parse("0-100000:2").indices();

        assertThat(ArraySpecs.abbreviate(everyOther, 20)).isEqualTo("0,2,4,6,8,10,12,14,16,...");
        assertThat(ArraySpecs.abbreviate(IndexSet.of(3, 4, 5), 20)).isEqualTo("3-5");
        assertThat(ArraySpecs.abbreviate(IndexSet.empty(), 20)).isEmpty();
    }

    @Test
    void plainListLengthCountsDigitsAndCommas() {
        assertThat(ArraySpecs.plainListLength(IndexSet.of(0, 9, 10, 100))).isEqualTo("0,9,10,100".length());
    }

    @Test
    void anEmptySetHasNoSpec() {
        assertThatThrownBy(() -> ArraySpecs.compress(IndexSet.empty())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void randomHalfOfTenThousandCompressesWellBelowTheRunsForm() {
        Random random = new Random(7);
        IndexSet.Builder builder = IndexSet.builder();
        for (int i = 0; i < 10_000; i++) {
            if (random.nextBoolean()) {
                builder.add(i);
            }
        }
        IndexSet set = builder.build();

        String spec = ArraySpecs.compress(set);

        assertThat(ArraySpec.parse(spec).indices()).isEqualTo(set);
        assertThat((double) spec.length()).isLessThan(0.8 * ArraySpecs.formatRuns(set).length());
    }

    @Test
    void sparseSetsOverAWideSpanUseTheSearchingMembership() {
        IndexSet set = IndexSet.of(0, 1_000_000, 2_000_000, 3_000_000, 3_999_999, 4_000_000);

        assertThat(ArraySpecs.compress(set)).isEqualTo("0-4000000:1000000,3999999");
    }

    @Test
    void hugeRunsNeedNoMemoryPerIndex() {
        IndexSet set = IndexSet.range(0, IndexSet.MAX_INDEX - 10)
                .union(IndexSet.of(IndexSet.MAX_INDEX - 8, IndexSet.MAX_INDEX - 6, IndexSet.MAX_INDEX - 4));

        // The evens and the odds (ResidueCover, step 2): 7 characters shorter than the run and its tail.
        assertThat(ArraySpecs.compress(set)).isEqualTo("0-2147483642:2,1-2147483635:2");
        assertThat(ArraySpecs.plainListLength(IndexSet.range(0, 99_999))).isEqualTo(488_890L + 99_999L);
    }

    @Property(tries = 500)
    void compressNamesExactlyTheSetAndIsNeverLonger(@ForAll("sets") IndexSet set) {
        String spec = ArraySpecs.compress(set);

        assertThat(ArraySpec.parse(spec).indices()).isEqualTo(set);
        assertThat((long) spec.length()).isLessThanOrEqualTo(ArraySpecs.plainListLength(set));
        assertThat(spec.length()).isLessThanOrEqualTo(ArraySpecs.formatRuns(set).length());
        assertThat(ArraySpecs.plainListLength(set)).isEqualTo(IndexSets.plainList(set).length());
    }

    @Provide
    Arbitrary<IndexSet> sets() {
        return IndexSets.nonEmpty();
    }
}
