package dev.memescalate.indexset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.PrimitiveIterator;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Arbitrary;
import org.junit.jupiter.api.Test;

class RenumberingTest {
    @Test
    void theKthSubmittedIndexRunsTheKthTask() {
        IndexSet tasks = IndexSetFixtures.uncompressible(6000);
        Renumbering r = Renumbering.between(Renumbering.fromZero(tasks), tasks);
        int k = 0;
        for (PrimitiveIterator.OfInt it = tasks.iterator(); it.hasNext(); k++) {
            int task = it.nextInt();
            assertThat(r.task(k)).isEqualTo(task);
            assertThat(r.submittedIndex(task)).isEqualTo(k);
        }
        assertThat(r.task(6000)).isEqualTo(-1);
        assertThat(r.submittedIndex(tasks.last() + 1)).isEqualTo(-1);
        assertThat(r.isIdentity()).isFalse();
    }

    @Test
    void aPendingRangeOfSubmittedIndicesMapsToItsTasks() {
        IndexSet tasks = IndexSet.range(20000, 20999);
        Renumbering r = Renumbering.between(Renumbering.fromZero(tasks), tasks);
        assertThat(r.tasks(IndexSet.range(995, 1200))).isEqualTo(IndexSet.range(20995, 20999));
        assertThat(r.tasks(IndexSet.of(0, 2, 3))).isEqualTo(IndexSet.of(20000, 20002, 20003));
    }

    @Test
    void sizesMustAgree() {
        assertThatThrownBy(() -> Renumbering.between(IndexSet.range(0, 3), IndexSet.range(0, 4)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4 submitted indices");
    }

    @Property(tries = 200)
    void rangesMapAsSingleIndicesDo(@ForAll("sets") IndexSet tasks, @ForAll("fractions") double from,
            @ForAll("fractions") double length) {
        Renumbering r = Renumbering.between(Renumbering.fromZero(tasks), tasks);
        int first = (int) (from * tasks.size());
        int last = Math.min(tasks.size() + 3, first + (int) (length * tasks.size()));
        IndexSet.Builder expected = IndexSet.builder();
        for (int k = first; k <= last && k < tasks.size(); k++) {
            expected.add(r.task(k));
        }
        assertThat(r.tasks(IndexSet.range(first, last))).isEqualTo(expected.build());
    }

    @Provide
    Arbitrary<IndexSet> sets() {
        return IndexSets.nonEmpty();
    }

    @Provide
    Arbitrary<Double> fractions() {
        return net.jqwik.api.Arbitraries.doubles().between(0, 1);
    }
}
