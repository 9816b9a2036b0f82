package dev.memescalate.indexset;

import java.util.BitSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** jqwik generators of index sets, random and structured, shared by the property tests. */
final class IndexSets {
    private IndexSets() {
    }

    /** Random and structured sets (never empty), small enough for a BitSet model. */
    static Arbitrary<IndexSet> nonEmpty() {
        return Arbitraries.oneOf(randomSparse(), randomDense(), everyKth(), interleaved(), blocks(), blocksWithGaps(),
                mixed());
    }

    static Arbitrary<IndexSet> randomSparse() {
        return Arbitraries.integers().between(0, 4_000_000).array(int[].class).ofMinSize(1).ofMaxSize(60)
                .map(IndexSet::of);
    }

    /** Each index of [base, base + span) taken with probability 1/2. */
    static Arbitrary<IndexSet> randomDense() {
        return Combinators.combine(Arbitraries.integers().between(0, 100_000), Arbitraries.integers().between(1, 400),
                Arbitraries.longs()).as((base, span, seed) -> {
                    java.util.Random random = new java.util.Random(seed);
                    IndexSet.Builder builder = IndexSet.builder().add(base);
                    for (int i = 1; i < span; i++) {
                        if (random.nextBoolean()) {
                            builder.add(base + i);
                        }
                    }
                    return builder.build();
                });
    }

    static Arbitrary<IndexSet> everyKth() {
        return Combinators.combine(Arbitraries.integers().between(0, 100_000), Arbitraries.integers().between(1, 50),
                Arbitraries.integers().between(1, 300)).as((base, k, count) -> {
                    IndexSet.Builder builder = IndexSet.builder();
                    for (int i = 0; i < count; i++) {
                        builder.add(base + i * k);
                    }
                    return builder.build();
                });
    }

    /** Several progressions with one period, e.g. 5,6,15,16,25,26,... */
    static Arbitrary<IndexSet> interleaved() {
        return Combinators.combine(Arbitraries.integers().between(0, 1000), Arbitraries.integers().between(2, 40),
                Arbitraries.integers().between(1, 5), Arbitraries.integers().between(1, 200)).as(
                        (base, period, width, count) -> {
                            IndexSet.Builder builder = IndexSet.builder();
                            for (int i = 0; i < count; i++) {
                                builder.addRange(base + i * period, base + i * period + Math.min(width, period) - 1);
                            }
                            return builder.build();
                        });
    }

    /** Runs of random lengths with random gaps, some long enough to be written as a-b directly. */
    static Arbitrary<IndexSet> blocks() {
        return Combinators.combine(Arbitraries.integers().between(1, 120).array(int[].class).ofMinSize(1).ofMaxSize(30),
                Arbitraries.longs()).as((lengths, seed) -> {
                    java.util.Random random = new java.util.Random(seed);
                    IndexSet.Builder builder = IndexSet.builder();
                    int at = random.nextInt(1000);
                    for (int length : lengths) {
                        builder.addRange(at, at + length - 1);
                        at += length + 1 + random.nextInt(100);
                    }
                    return builder.build();
                });
    }

    /**
     * Blocks of {@code width} indices every {@code period} ({@code 5-9,15-19,...}) minus the multiples of a
     * divisor: the "runs with gaps" of failed tasks, and the shape of issue 9 (blocks 5-9 every 10, minus the
     * multiples of 97). Periods go past 64, the longest step {@link ResidueCover} tries.
     */
    static Arbitrary<IndexSet> blocksWithGaps() {
        return Combinators.combine(Arbitraries.integers().between(0, 100_000), Arbitraries.integers().between(2, 130),
                Arbitraries.integers().between(1, 130), Arbitraries.integers().between(1, 300),
                Arbitraries.integers().between(2, 400)).as((base, period, width, count, divisor) -> {
                    IndexSet.Builder builder = IndexSet.builder();
                    for (int block = 0; block < count; block++) {
                        for (int v = base + block * period; v < base + block * period + Math.min(width, period); v++) {
                            if (v % divisor != 0) {
                                builder.add(v);
                            }
                        }
                    }
                    IndexSet set = builder.build();
                    return set.isEmpty() ? IndexSet.of(base + 1) : set;
                });
    }

    /** Each index of a span of up to 3000 taken with a probability from 1% to 99%: scattered sets. */
    static Arbitrary<IndexSet> scattered() {
        return Combinators.combine(Arbitraries.integers().between(0, 100_000), Arbitraries.integers().between(1, 3000),
                Arbitraries.integers().between(1, 99), Arbitraries.longs()).as((base, span, percent, seed) -> {
                    java.util.Random random = new java.util.Random(seed);
                    IndexSet.Builder builder = IndexSet.builder().add(base);
                    for (int i = 1; i < span; i++) {
                        if (random.nextInt(100) < percent) {
                            builder.add(base + i);
                        }
                    }
                    return builder.build();
                });
    }

    /** A union of two structured sets: overlapping progressions, runs crossing progressions. */
    static Arbitrary<IndexSet> mixed() {
        Arbitrary<IndexSet> part = Arbitraries.oneOf(everyKth(), interleaved(), blocks(), blocksWithGaps(), randomDense(),
                randomSparse());
        return Combinators.combine(part, part).as(IndexSet::union);
    }

    static BitSet toBitSet(IndexSet set) {
        BitSet bits = new BitSet();
        set.stream().forEach(bits::set);
        return bits;
    }

    static IndexSet fromBitSet(BitSet bits) {
        return IndexSet.fromSorted(bits.stream().toArray());
    }

    /**
     * The per-residue decomposition with step {@code step}, written the slow, obvious way: the indices of each
     * residue mod {@code step} as maximal progressions of that step, {@code a-b:step} for three or more indices,
     * the values for one or two; each progression found from its first index, in ascending order. Holds a bit per
     * index of the span: for sets spanning at most a few million.
     */
    static String perResidue(IndexSet set, int step) {
        int base = set.first();
        BitSet bits = new BitSet();
        set.stream().forEach(v -> bits.set(v - base));
        StringBuilder out = new StringBuilder();
        for (int first = bits.nextSetBit(0); first >= 0; first = bits.nextSetBit(first + 1)) {
            boolean continuesOne = first >= step && bits.get(first - step);
            if (continuesOne) {
                continue;
            }
            int last = first;
            while (last + step <= set.last() - base && bits.get(last + step)) {
                last += step;
            }
            int count = (last - first) / step + 1;
            out.append(out.length() == 0 ? "" : ",").append(base + first);
            if (count == 2) {
                out.append(',').append(base + last);
            } else if (count >= 3) {
                out.append('-').append(base + last).append(':').append(step);
            }
        }
        return out.toString();
    }

    /** The comma list of every index. */
    static String plainList(IndexSet set) {
        StringBuilder out = new StringBuilder();
        set.stream().forEach(i -> out.append(out.length() == 0 ? "" : ",").append(i));
        return out.toString();
    }
}
