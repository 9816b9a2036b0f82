package dev.memescalate.indexset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.BitSet;
import java.util.NoSuchElementException;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class IndexSetTest {
    @Test
    void ofSortsAndDropsDuplicates() {
        IndexSet set = IndexSet.of(9, 3, 3, 4, 5, 0);

        assertThat(set.toArray()).containsExactly(0, 3, 4, 5, 9);
        assertThat(set.size()).isEqualTo(5);
        assertThat(set.runCount()).isEqualTo(3);
        assertThat(set.first()).isZero();
        assertThat(set.last()).isEqualTo(9);
        assertThat(set).hasToString("IndexSet[0,3-5,9]");
    }

    @Test
    void containsLooksInsideRunsAndBetweenThem() {
        IndexSet set = IndexSet.range(10, 20).union(IndexSet.of(30));

        assertThat(set.contains(10)).isTrue();
        assertThat(set.contains(15)).isTrue();
        assertThat(set.contains(20)).isTrue();
        assertThat(set.contains(9)).isFalse();
        assertThat(set.contains(21)).isFalse();
        assertThat(set.contains(30)).isTrue();
        assertThat(set.contains(31)).isFalse();
    }

    @Test
    void aContiguousMillionIsOneRunOfAFewBytes() {
        IndexSet set = IndexSet.range(0, 999_999);

        assertThat(set.size()).isEqualTo(1_000_000);
        assertThat(set.runCount()).isEqualTo(1);
        assertThat(set.estimatedBytes()).isLessThan(100);
    }

    @Test
    void aScatteredMillionTakesAtMostFourBytesPerIndex() {
        int[] everyOther = new int[1_000_000];
        for (int i = 0; i < everyOther.length; i++) {
            everyOther[i] = 2 * i;
        }
        IndexSet set = IndexSet.fromSorted(everyOther);

        assertThat(set.size()).isEqualTo(1_000_000);
        assertThat(set.estimatedBytes()).isLessThanOrEqualTo(4_000_000 + 100);
        assertThat(set.contains(1_999_998)).isTrue();
        assertThat(set.contains(1_999_997)).isFalse();
    }

    @Test
    void emptySetHasNoFirstOrLast() {
        assertThat(IndexSet.empty().isEmpty()).isTrue();
        assertThat(IndexSet.range(5, 4)).isEqualTo(IndexSet.empty());
        assertThatThrownBy(() -> IndexSet.empty().first()).isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(() -> IndexSet.empty().last()).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void rejectsNegativeIndices() {
        assertThatThrownBy(() -> IndexSet.of(3, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }

    @Test
    void builderRejectsDescendingAdditions() {
        IndexSet.Builder builder = IndexSet.builder().addRange(10, 20);

        assertThatThrownBy(() -> builder.add(5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ascending");
    }

    @Test
    void builderMergesOverlappingAndAdjacentRanges() {
        IndexSet set = IndexSet.builder().addRange(0, 5).addRange(3, 8).addRange(9, 9).add(9).addRange(11, 12)
                .build();

        assertThat(set).hasToString("IndexSet[0-9,11-12]");
    }

    @Test
    void setsThatDifferOnlyInHowTheyWereBuiltAreEqual() {
        IndexSet fromRanges = IndexSet.range(0, 3).union(IndexSet.range(4, 7));
        IndexSet fromValues = IndexSet.of(7, 6, 5, 4, 3, 2, 1, 0);

        assertThat(fromRanges).isEqualTo(fromValues).hasSameHashCodeAs(fromValues);
        assertThat(fromRanges).isNotEqualTo(IndexSet.range(0, 8));
    }

    @Test
    void betweenCutsToTheClosedInterval() {
        IndexSet set = IndexSet.of(1, 5, 6, 7, 20);

        assertThat(set.between(5, 7)).isEqualTo(IndexSet.range(5, 7));
        assertThat(set.between(2, 4)).isEqualTo(IndexSet.empty());
        assertThat(set.between(0, Integer.MAX_VALUE)).isEqualTo(set);
    }

    @Test
    void holdsTheLargestIndexWithoutOverflow() {
        IndexSet set = IndexSet.range(IndexSet.MAX_INDEX - 2, IndexSet.MAX_INDEX);

        assertThat(set.size()).isEqualTo(3);
        assertThat(set.stream().toArray()).containsExactly(IndexSet.MAX_INDEX - 2, IndexSet.MAX_INDEX - 1,
                IndexSet.MAX_INDEX);
        assertThat(set.minus(IndexSet.of(IndexSet.MAX_INDEX))).isEqualTo(IndexSet.range(IndexSet.MAX_INDEX - 2,
                IndexSet.MAX_INDEX - 1));
    }

    @Property(tries = 300)
    void operationsAgreeWithABitSet(@ForAll("sets") IndexSet a, @ForAll("sets") IndexSet b) {
        BitSet union = IndexSets.toBitSet(a);
        union.or(IndexSets.toBitSet(b));
        BitSet intersection = IndexSets.toBitSet(a);
        intersection.and(IndexSets.toBitSet(b));
        BitSet difference = IndexSets.toBitSet(a);
        difference.andNot(IndexSets.toBitSet(b));

        assertThat(a.union(b)).isEqualTo(IndexSets.fromBitSet(union));
        assertThat(a.intersect(b)).isEqualTo(IndexSets.fromBitSet(intersection));
        assertThat(a.minus(b)).isEqualTo(IndexSets.fromBitSet(difference));
        assertThat(a.union(b).size()).isEqualTo(union.cardinality());
        assertThat(a.minus(b).size()).isEqualTo(difference.cardinality());
    }

    @Property(tries = 300)
    void viewsAgreeWithEachOther(@ForAll("sets") IndexSet set) {
        int[] values = set.toArray();

        assertThat(set.stream().toArray()).isEqualTo(values);
        assertThat(values).hasSize(set.size()).isSorted();
        assertThat(IndexSet.fromSorted(values)).isEqualTo(set).hasSameHashCodeAs(set);
        assertThat(IndexSet.copyOf(reversed(values))).isEqualTo(set);
        assertThat(set.first()).isEqualTo(values[0]);
        assertThat(set.last()).isEqualTo(values[values.length - 1]);
        for (int v : values) {
            assertThat(set.contains(v)).isTrue();
            assertThat(set.contains(v + 1)).isEqualTo(java.util.Arrays.binarySearch(values, v + 1) >= 0);
        }
    }

    @Property(tries = 200)
    void theSmallerFormIsChosen(@ForAll("sets") IndexSet set) {
        long runsBytes = 2 * (16 + 4L * set.runCount());
        long valuesBytes = 16 + 4L * set.size();

        assertThat(set.estimatedBytes()).isLessThanOrEqualTo(Math.min(runsBytes, valuesBytes) + 64);
    }

    @Provide
    Arbitrary<IndexSet> sets() {
        return IndexSets.nonEmpty();
    }

    private static int[] reversed(int[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[values.length - 1 - i];
        }
        return out;
    }
}
