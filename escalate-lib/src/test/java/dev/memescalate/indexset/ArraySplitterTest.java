package dev.memescalate.indexset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memescalate.InvalidInputException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ArraySplitterTest {
    @Test
    void aSetThatFitsIsOneChunk() {
        List<ArrayChunk> chunks = ArraySplitter.split(IndexSet.range(0, 999), ArrayLimits.slurm(), OptionalInt.of(10));

        assertThat(chunks).containsExactly(new ArrayChunk(IndexSet.range(0, 999), "0-999"));
    }

    @Test
    void splitsAtTheSpecLengthReservingRoomForTheThrottle() {
        IndexSet set = ArraySpec.parse("0-100:3,1-100:7,2").indices(); // no short spec exists
        ArrayLimits limits = ArrayLimits.slurm().withMaxSpecLength(20);

        List<ArrayChunk> withoutThrottle = ArraySplitter.split(set, limits, OptionalInt.empty());
        List<ArrayChunk> withThrottle = ArraySplitter.split(set, limits, OptionalInt.of(100));

        assertThat(withoutThrottle).allSatisfy(chunk -> assertThat(chunk.spec()).hasSizeLessThanOrEqualTo(20));
        assertThat(withThrottle).allSatisfy(chunk -> assertThat(chunk.spec()).hasSizeLessThanOrEqualTo(16));
        assertThat(withThrottle.size()).isGreaterThanOrEqualTo(withoutThrottle.size());
    }

    @Test
    void chunksHoldAtMostTheTaskCap() {
        List<ArrayChunk> chunks = ArraySplitter.split(IndexSet.range(0, 9),
                ArrayLimits.slurm().withMaxTasksPerArray(4), OptionalInt.empty());

        assertThat(chunks).extracting(ArrayChunk::spec).containsExactly("0-3", "4-7", "8,9");
    }

    @Test
    void fillsChunksGreedilyInIndexOrder() {
        // Scattered indices of 4 digits each: "1000,1002,..." fits 10 indices in 49 characters.
        IndexSet set = ArraySpec.parse("1000-1150:2").indices().minus(ArraySpec.parse("1000-1150:6").indices());
        List<ArrayChunk> chunks = ArraySplitter.split(set, ArrayLimits.slurm().withMaxSpecLength(50),
                OptionalInt.empty());

        assertThat(chunks).isNotEmpty().allSatisfy(chunk -> assertThat(chunk.spec()).hasSizeLessThanOrEqualTo(50));
        for (int i = 0; i + 1 < chunks.size(); i++) {
            assertThat(chunks.get(i).indices().last()).isLessThan(chunks.get(i + 1).indices().first());
        }
    }

    @Test
    void anIndexAtOrAboveMaxArraySizeCannotBeSubmitted() {
        IndexSet set = IndexSet.range(990, 1005);

        assertThatThrownBy(() -> ArraySplitter.split(set, ArrayLimits.slurm().withMaxArraySize(1001),
                OptionalInt.empty()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("5 array index(es) are not below MaxArraySize 1001 (1001-1005)");
    }

    @Test
    void aSpecLimitTooSmallForOneIndexIsInvalidInput() {
        assertThatThrownBy(() -> ArraySplitter.split(IndexSet.of(12345), ArrayLimits.slurm().withMaxSpecLength(6),
                OptionalInt.of(10)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("after the throttle \"%10\" that leaves 3, too few for index 12345");
    }

    @Test
    void anEmptySetNeedsNoChunks() {
        assertThat(ArraySplitter.split(IndexSet.empty(), ArrayLimits.slurm(), OptionalInt.empty())).isEmpty();
    }

    @Property(tries = 300)
    void chunksAreDisjointCoverExactlyAndRespectTheLimits(@ForAll("sets") IndexSet set,
            @ForAll @IntRange(min = 10, max = 120) int maxSpecLength,
            @ForAll @IntRange(min = 0, max = 200) int maxTasks,
            @ForAll @IntRange(min = 0, max = 99) int throttle) {
        ArrayLimits limits = ArrayLimits.slurm().withMaxSpecLength(maxSpecLength);
        if (maxTasks > 0) {
            limits = limits.withMaxTasksPerArray(maxTasks);
        }
        OptionalInt maybeThrottle = throttle == 0 ? OptionalInt.empty() : OptionalInt.of(throttle);
        int room = maxSpecLength - ArraySpec.throttleSuffix(maybeThrottle).length();

        List<ArrayChunk> chunks = ArraySplitter.split(set, limits, maybeThrottle);

        IndexSet union = IndexSet.empty();
        int total = 0;
        for (int i = 0; i < chunks.size(); i++) {
            ArrayChunk chunk = chunks.get(i);
            assertThat(chunk.spec().length()).isLessThanOrEqualTo(room);
            assertThat(ArraySpec.parse(chunk.spec()).indices()).isEqualTo(chunk.indices());
            if (maxTasks > 0) {
                assertThat(chunk.indices().size()).isLessThanOrEqualTo(maxTasks);
            }
            if (i > 0) {
                assertThat(chunks.get(i - 1).indices().last()).isLessThan(chunk.indices().first());
            }
            union = union.union(chunk.indices());
            total += chunk.indices().size();
        }
        assertThat(union).isEqualTo(set);
        assertThat(total).isEqualTo(set.size());
    }

    @Property(tries = 200)
    void noTwoNeighbouringChunksCouldBeOne(@ForAll("sets") IndexSet set,
            @ForAll @IntRange(min = 10, max = 120) int maxSpecLength) {
        List<ArrayChunk> chunks = ArraySplitter.split(set, ArrayLimits.slurm().withMaxSpecLength(maxSpecLength),
                OptionalInt.empty());

        for (int i = 0; i + 1 < chunks.size(); i++) {
            IndexSet merged = chunks.get(i).indices().union(chunks.get(i + 1).indices());
            assertThat(ArraySpecs.compress(merged).length()).isGreaterThan(maxSpecLength);
        }
    }

    /** Pins the search: each chunk stops where one more task would break the spec length (or the task cap). */
    @Property(tries = 200)
    void noChunkCouldTakeTheNextTask(@ForAll("sets") IndexSet set,
            @ForAll @IntRange(min = 10, max = 4096) int maxSpecLength,
            @ForAll @IntRange(min = 0, max = 2000) int maxTasks) {
        ArrayLimits limits = ArrayLimits.slurm().withMaxSpecLength(maxSpecLength);
        if (maxTasks > 0) {
            limits = limits.withMaxTasksPerArray(maxTasks);
        }

        List<ArrayChunk> chunks = ArraySplitter.split(set, limits, OptionalInt.empty());

        for (int i = 0; i + 1 < chunks.size(); i++) {
            IndexSet chunk = chunks.get(i).indices();
            boolean atTheTaskCap = maxTasks > 0 && chunk.size() == maxTasks;
            if (!atTheTaskCap) {
                IndexSet oneMore = chunk.union(IndexSet.of(chunks.get(i + 1).indices().first()));
                assertThat(ArraySpecs.compress(oneMore).length()).isGreaterThan(maxSpecLength);
            }
        }
    }

    /** A capped split is the whole split when that needs at most the cap, and nothing when it needs more. */
    @Property(tries = 200)
    void aCappedSplitIsTheSplitOrNothing(@ForAll("sets") IndexSet set,
            @ForAll @IntRange(min = 10, max = 200) int maxSpecLength,
            @ForAll @IntRange(min = 1, max = 6) int maxChunks) {
        ArrayLimits limits = ArrayLimits.slurm().withMaxSpecLength(maxSpecLength);
        List<ArrayChunk> whole = ArraySplitter.split(set, limits, OptionalInt.of(5));

        Optional<List<ArrayChunk>> capped = ArraySplitter.splitInto(set, limits, OptionalInt.of(5), maxChunks);

        assertThat(capped).isEqualTo(whole.size() <= maxChunks ? Optional.of(whole) : Optional.empty());
    }

    @Provide
    Arbitrary<IndexSet> sets() {
        return IndexSets.nonEmpty();
    }
}
