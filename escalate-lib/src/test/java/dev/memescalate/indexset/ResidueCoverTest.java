package dev.memescalate.indexset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class ResidueCoverTest {
    @Test
    void writesEachResidueAsProgressionsBrokenAtTheGaps() {
        IndexSet set = ArraySpec.parseIndexList("5-9 15-19 25-29 35-39", 100).minus(IndexSet.of(17, 26));

        // Residue 6 is 6,16 and 36 (26 is missing), residue 7 is 7 and 27,37 (17 is missing); by first index.
        assertThat(ResidueCover.format(set, 10)).isEqualTo("5-35:10,6,16,7,8-38:10,9-39:10,27,37,36");
        assertThat(ResidueCover.textLength(set, 10)).isEqualTo(ResidueCover.format(set, 10).length());
    }

    @Test
    void shortestPicksTheStepOfTheBlocks() {
        IndexSet set = ArraySpec.parseIndexList("5-9 15-19 25-29 35-39 45-49", 100).minus(IndexSet.of(27));
        ResidueCover.Shortest shortest = ResidueCover.shortest(set);

        assertThat(shortest.step()).isEqualTo(10);
        assertThat(ResidueCover.format(set, 10)).isEqualTo("5-45:10,6-46:10,7,17,8-48:10,9-49:10,37,47")
                .hasSize((int) shortest.length());
    }

    @Test
    void hugeRunsCostWordsAroundTheirEndsOnly() {
        IndexSet set = IndexSet.range(0, IndexSet.MAX_INDEX - 10)
                .union(IndexSet.of(IndexSet.MAX_INDEX - 8, IndexSet.MAX_INDEX - 6, IndexSet.MAX_INDEX - 4));

        assertThat(ResidueCover.format(set, 2)).isEqualTo("0-2147483642:2,1-2147483635:2");
        assertThat(ResidueCover.textLength(set, 2)).isEqualTo(29);
        assertThat(ResidueCover.textLength(set, 64)).isEqualTo(ResidueCover.format(set, 64).length());
    }

    @Test
    void agreesWithTheModelAcrossDigitBandsNearTheTopAndAroundIsolatedIndices() {
        IndexSet acrossBands = IndexSet.range(900, 1100).union(IndexSet.range(99_950, 100_070))
                .minus(ArraySpec.parse("0-100100:7").indices());
        IndexSet nearTheTop = IndexSet.range(IndexSet.MAX_INDEX - 300, IndexSet.MAX_INDEX)
                .minus(IndexSet.range(IndexSet.MAX_INDEX - 200, IndexSet.MAX_INDEX - 190))
                .minus(IndexSet.of(IndexSet.MAX_INDEX - 1));
        // 170 is isolated (66 from 104) but lies in the word after the interval of 100-104:2.
        IndexSet isolatedInAPad = IndexSet.of(0, 100, 102, 104, 170, 1000, 1001, 5000, 5064, 5129);

        for (IndexSet set : new IndexSet[] {acrossBands, nearTheTop, isolatedInAPad}) {
            for (int step = ResidueCover.MIN_STEP; step <= ResidueCover.MAX_STEP; step++) {
                String expected = IndexSets.perResidue(set, step);
                assertThat(ResidueCover.textLength(set, step)).as("step %d of %s", step, set)
                        .isEqualTo(expected.length());
                assertThat(ResidueCover.format(set, step)).hasSameSizeAs(expected);
            }
        }
    }

    @Test
    void stepsOutsideTwoToSixtyFourAreRejected() {
        assertThatThrownBy(() -> ResidueCover.format(IndexSet.of(1), 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("step must be in [2, 64]").hasMessageContaining("got 1");
        assertThatThrownBy(() -> ResidueCover.textLength(IndexSet.of(1), 65))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 65");
    }

    /** Pins the word-by-word count against the index-by-index model, and the text against the set. */
    @Property(tries = 300)
    void lengthMatchesTheModelAndTheTextNamesTheSet(@ForAll("sets") IndexSet set, @ForAll("steps") int step) {
        String expected = IndexSets.perResidue(set, step);

        String text = ResidueCover.format(set, step);

        assertThat(ResidueCover.textLength(set, step)).isEqualTo(expected.length());
        assertThat(text).hasSameSizeAs(expected);
        assertThat(ArraySpec.parse(text).indices()).isEqualTo(set);
    }

    @Provide
    Arbitrary<IndexSet> sets() {
        return Arbitraries.oneOf(IndexSets.nonEmpty(), IndexSets.blocksWithGaps(), IndexSets.scattered());
    }

    @Provide
    Arbitrary<Integer> steps() {
        return Arbitraries.integers().between(ResidueCover.MIN_STEP, ResidueCover.MAX_STEP);
    }
}
