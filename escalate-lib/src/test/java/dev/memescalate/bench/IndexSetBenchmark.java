package dev.memescalate.bench;

import dev.memescalate.indexset.ArrayChunk;
import dev.memescalate.indexset.ArrayLimits;
import dev.memescalate.indexset.ArraySpec;
import dev.memescalate.indexset.ArraySpecs;
import dev.memescalate.indexset.ArraySplitter;
import dev.memescalate.indexset.IndexSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Builds, compresses, parses back and splits 1,000,000 indices in several shapes and prints times and sizes. Not a
 * test (no assertions on time): run it by hand after {@code mvn -pl escalate-lib -am test-compile}:
 *
 * <pre>
 * java -cp escalate-lib/target/test-classes:escalate-lib/target/classes dev.memescalate.bench.IndexSetBenchmark
 * </pre>
 *
 * Each figure is the best of {@link #RUNS} runs after {@link #WARM_UP} warm-up runs. The split uses Slurm's
 * 4096-character limit with a {@code %50} throttle and no MaxArraySize (some shapes reach past 4000000).
 */
public final class IndexSetBenchmark {
    private static final int N = 1_000_000;
    private static final int WARM_UP = 2;
    private static final int RUNS = 3;

    private IndexSetBenchmark() {
    }

    public static void main(String[] args) {
        Random random = new Random(42);
        int[] random50 = randomFraction(random, 2);
        int[] random10 = randomFraction(random, 10);
        shape("contiguous", () -> sequence(i -> i));
        shape("every 3rd", () -> sequence(i -> 3 * i));
        shape("interleaved 4k,4k+1", () -> sequence(i -> 4 * (i / 2) + (i % 2)));
        shape("blocks with gaps", IndexSetBenchmark::blocksWithGaps);
        shape("random 50%", () -> random50);
        shape("random 10%", () -> random10);
    }

    private interface IntToInt {
        int apply(int i);
    }

    private static int[] sequence(IntToInt f) {
        int[] out = new int[N];
        for (int i = 0; i < N; i++) {
            out[i] = f.apply(i);
        }
        return out;
    }

    /**
     * Blocks 5-9 of every 10 minus the multiples of 97 (issue 9's shape), until N indices: the per-residue form
     * of {@code ArraySpecs.compress} wins here, so its writing is timed too.
     */
    private static int[] blocksWithGaps() {
        int[] out = new int[N];
        int count = 0;
        for (int v = 0; count < N; v++) {
            if (v % 10 >= 5 && v % 97 != 0) {
                out[count++] = v;
            }
        }
        return out;
    }

    /** N distinct indices, each gap drawn so that about one index in {@code oneIn} is taken. */
    private static int[] randomFraction(Random random, int oneIn) {
        int[] out = new int[N];
        int value = -1;
        for (int i = 0; i < N; i++) {
            value += 1 + random.nextInt(2 * oneIn - 1);
            out[i] = value;
        }
        return out;
    }

    private static void shape(String name, Supplier<int[]> indices) {
        int[] sorted = indices.get();
        IndexSet set = IndexSet.fromSorted(sorted);
        String spec = ArraySpecs.compress(set);
        String runs = ArraySpecs.formatRuns(set);
        List<ArrayChunk> chunks = ArraySplitter.split(set, ArrayLimits.slurm(), OptionalInt.of(50));
        if (set.last() <= ArraySpec.SLURM_MAX_INDEX && !ArraySpec.parse(spec).indices().equals(set)) {
            throw new AssertionError(name + ": the compressed spec does not parse back to the set");
        }
        double buildMs = bestMillis(() -> IndexSet.fromSorted(sorted));
        double compressMs = bestMillis(() -> ArraySpecs.compress(set));
        double splitMs = bestMillis(() -> ArraySplitter.split(set, ArrayLimits.slurm(), OptionalInt.of(50)));
        String parseMs = set.last() <= ArraySpec.SLURM_MAX_INDEX
                ? String.format("%.1f", bestMillis(() -> ArraySpec.parse(spec)))
                : "n/a (index > " + ArraySpec.SLURM_MAX_INDEX + ")";
        System.out.printf("%-20s size=%d runs=%d span=%d memory=%d bytes%n", name, set.size(), set.runCount(),
                set.last() - set.first() + 1, set.estimatedBytes());
        System.out.printf("  build %.1f ms, compress %.1f ms, parse %s ms, split %.1f ms%n", buildMs, compressMs,
                parseMs, splitMs);
        System.out.printf("  spec %d chars (runs form %d, plain list %d), %d chunks of <= 4096 chars with %%50:"
                + " %s%n", spec.length(), runs.length(), ArraySpecs.plainListLength(set), chunks.size(),
                spec.length() <= 80 ? spec : spec.substring(0, 80) + "...");
    }

    private static double bestMillis(Runnable work) {
        for (int i = 0; i < WARM_UP; i++) {
            work.run();
        }
        long best = Long.MAX_VALUE;
        for (int i = 0; i < RUNS; i++) {
            long start = System.nanoTime();
            work.run();
            best = Math.min(best, System.nanoTime() - start);
        }
        return best / 1e6;
    }
}
