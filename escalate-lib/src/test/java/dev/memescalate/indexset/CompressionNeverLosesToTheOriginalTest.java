package dev.memescalate.indexset;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, "Compression never loses to the original": on blocks with gaps the original Python tool's per-residue
 * decomposition was shorter than {@link ArraySpecs#compress}. Now compress is never longer than the plain list,
 * the runs form, nor the per-residue decomposition with any step {@link ResidueCover} tries.
 */
class CompressionNeverLosesToTheOriginalTest {
    /** Blocks 5-9 every 10 up to 1999, minus the multiples of 97: 168 characters from the original, 302 from us. */
    @Test
    void blocksWithGapsTakeNoMoreThanTheOriginal() {
        IndexSet.Builder builder = IndexSet.builder();
        for (int block = 0; block <= 1990; block += 10) {
            for (int v = block + 5; v <= block + 9; v++) {
                if (v % 97 != 0) {
                    builder.add(v);
                }
            }
        }
        IndexSet set = builder.build();

        String spec = ArraySpecs.compress(set);

        // 5-475:10,6-766:10,7-87:10,...: the original's five progressions of step 10, broken at the gaps.
        assertThat(spec).hasSizeLessThanOrEqualTo(168).hasSize(168);
        assertThat(ArraySpec.parse(spec).indices()).isEqualTo(set);
    }

    @Property(tries = 400)
    void neverLongerThanThePlainListTheRunsOrAnyPerResidueDecomposition(@ForAll("sets") IndexSet set) {
        String spec = ArraySpecs.compress(set);

        assertThat(ArraySpec.parse(spec).indices()).isEqualTo(set);
        assertThat(spec.length()).isLessThanOrEqualTo(IndexSets.plainList(set).length());
        assertThat(spec.length()).isLessThanOrEqualTo(ArraySpecs.formatRuns(set).length());
        for (int step = ResidueCover.MIN_STEP; step <= ResidueCover.MAX_STEP; step++) {
            assertThat(spec.length()).as("against step %d", step)
                    .isLessThanOrEqualTo(IndexSets.perResidue(set, step).length());
        }
    }

    @Provide
    Arbitrary<IndexSet> sets() {
        return Arbitraries.oneOf(IndexSets.blocksWithGaps(), IndexSets.scattered(), IndexSets.nonEmpty());
    }
}
