package dev.memescalate.engine;

import static dev.memescalate.indexset.IndexSetFixtures.uncompressible;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memescalate.InvalidInputException;
import dev.memescalate.config.IndexMapping;
import dev.memescalate.indexset.ArrayLimits;
import dev.memescalate.indexset.IndexSet;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ArrayPartsTest {
    private static final ArrayLimits LOCAL = ArrayLimits.slurm().withMaxArraySize(10001);

    @Test
    void anUncompressibleSetIsOneRenumberedArray() {
        IndexSet tasks = uncompressible(6000);
        assertThat(ArrayParts.plan(tasks, LOCAL, OptionalInt.empty(), IndexMapping.NEVER)).hasSizeGreaterThan(1);

        List<ArrayParts.Part> parts = ArrayParts.plan(tasks, LOCAL, OptionalInt.of(50), IndexMapping.AUTO);

        assertThat(parts).hasSize(1);
        assertThat(parts.get(0).renumbered()).isTrue();
        assertThat(parts.get(0).spec()).isEqualTo("0-5999");
        assertThat(parts.get(0).tasks()).isEqualTo(tasks);
        assertThat(parts.get(0).mapOffset()).isZero();
    }

    @Test
    void indicesAboveMaxArraySizeAreRenumbered() {
        IndexSet tasks = IndexSet.range(20000, 20999);
        List<ArrayParts.Part> parts = ArrayParts.plan(tasks, LOCAL, OptionalInt.empty(), IndexMapping.AUTO);
        assertThat(parts).singleElement().satisfies(p -> {
            assertThat(p.spec()).isEqualTo("0-999");
            assertThat(p.renumbering().task(999)).isEqualTo(20999);
        });
        assertThatThrownBy(() -> ArrayParts.plan(tasks, LOCAL, OptionalInt.empty(), IndexMapping.NEVER))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("MaxArraySize 10001");
    }

    @Test
    void aSetThatFitsOneArrayIsSubmittedAsItIs() {
        IndexSet tasks = IndexSet.of(3, 18, 42);
        assertThat(ArrayParts.plan(tasks, LOCAL, OptionalInt.empty(), IndexMapping.AUTO))
                .singleElement().satisfies(p -> {
                    assertThat(p.renumbered()).isFalse();
                    assertThat(p.spec()).isEqualTo("3,18,42");
                });
        assertThat(ArrayParts.plan(tasks, LOCAL, OptionalInt.empty(), IndexMapping.ALWAYS))
                .singleElement().satisfies(p -> assertThat(p.spec()).isEqualTo("0-2"));
    }

    @Test
    void renumberedArraysHoldAtMostMaxArraySizeTasksEach() {
        IndexSet tasks = IndexSet.range(5, 25004);
        List<ArrayParts.Part> parts = ArrayParts.plan(tasks, LOCAL, OptionalInt.empty(), IndexMapping.AUTO);
        assertThat(parts).extracting(ArrayParts.Part::spec).containsExactly("0-10000", "0-10000", "0-4997");
        assertThat(parts).extracting(ArrayParts.Part::mapOffset).containsExactly(0, 10001, 20002);
        assertThat(parts.get(1).tasks()).isEqualTo(IndexSet.range(10006, 20006));
    }

    @Test
    void aFirstSliceThatIsAlreadyZeroToNIsSubmittedAsItIs() {
        IndexSet tasks = IndexSet.range(0, 10000).union(IndexSet.of(50000));
        List<ArrayParts.Part> parts = ArrayParts.plan(tasks, LOCAL, OptionalInt.empty(), IndexMapping.AUTO);
        assertThat(parts).hasSize(2);
        assertThat(parts.get(0).renumbered()).isFalse();
        assertThat(parts.get(1).renumbered()).isTrue();
        assertThat(parts.get(1).mapOffset()).isEqualTo(10001);
    }

    @Test
    void whenRenumberingSavesNoArrayTheTasksKeepTheirIndices() {
        // max_array_tasks 1000 caps both ways: 3 arrays as they are or renumbered.
        ArrayLimits capped = LOCAL.withMaxTasksPerArray(1000);
        IndexSet tasks = IndexSet.range(0, 2999);
        assertThat(ArrayParts.plan(tasks, capped, OptionalInt.empty(), IndexMapping.AUTO))
                .hasSize(3).noneMatch(ArrayParts.Part::renumbered);
    }
}
