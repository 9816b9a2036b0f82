package dev.memescalate.cli.command;

import dev.memescalate.InvalidInputException;
import dev.memescalate.indexset.ArrayChunk;
import dev.memescalate.indexset.ArrayLimits;
import dev.memescalate.indexset.ArraySpec;
import dev.memescalate.indexset.ArraySplitter;
import dev.memescalate.indexset.IndexSet;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mem-escalate compress-indices}: the shortest {@code --array} spec for a list of indices. */
@Command(
        name = "compress-indices",
        mixinStandardHelpOptions = true,
        description = {
            "Print the shortest --array spec for a list of indices.",
            "The list holds indices (7), ranges (0-99) and ranges with a step (0-99:3), separated by commas,"
                    + " spaces or newlines, in any order. The spec is one line, or one line per sbatch submission"
                    + " with --max-len.",
        })
public final class CompressIndicesCommand implements Callable<Integer> {
    private static final String STDIN = "-";

    @Spec
    CommandSpec spec;

    @Parameters(
            arity = "0..1",
            paramLabel = "INDICES|-",
            description = "The indices; '-' or nothing reads them from standard input.")
    String indices;

    @Option(
            names = "--max-len",
            paramLabel = "N",
            description = "Split into several specs, one per line, each at most N characters including the"
                    + " throttle (Slurm's limit is " + ArrayLimits.SLURM_MAX_SPEC_LENGTH + ").")
    Integer maxLength;

    @Option(
            names = "--max-array-size",
            paramLabel = "N",
            description = "The cluster's MaxArraySize (scontrol show config): reject any index >= N.")
    Integer maxArraySize;

    @Option(
            names = "--throttle",
            paramLabel = "N",
            description = "Append %%N (at most N tasks at once) to every spec; counts toward --max-len.")
    Integer throttle;

    private InputStream stdin = System.in;

    /** For tests: read standard input from {@code in} instead of {@link System#in}. */
    void readStandardInputFrom(InputStream in) {
        this.stdin = in;
    }

    @Override
    public Integer call() {
        int arraySizeLimit = maxArraySize == null ? ArraySpec.SLURM_MAX_INDEX + 1 : maxArraySize;
        requireInRange("--max-array-size", arraySizeLimit, 1, ArraySpec.SLURM_MAX_INDEX + 1);
        if (throttle != null) {
            requireInRange("--throttle", throttle, 1, Integer.MAX_VALUE);
        }
        if (maxLength != null) {
            requireInRange("--max-len", maxLength, 1, Integer.MAX_VALUE);
        }
        OptionalInt maybeThrottle = throttle == null ? OptionalInt.empty() : OptionalInt.of(throttle);

        IndexSet set = ArraySpec.parseIndexList(readIndices(), arraySizeLimit);

        PrintWriter out = spec.commandLine().getOut();
        if (maxLength == null) {
            out.println(new ArraySpec(set, maybeThrottle).format());
        } else {
            ArrayLimits limits = ArrayLimits.slurm().withMaxSpecLength(maxLength).withMaxArraySize(arraySizeLimit);
            List<ArrayChunk> chunks = ArraySplitter.split(set, limits, maybeThrottle);
            String suffix = ArraySpec.throttleSuffix(maybeThrottle);
            for (ArrayChunk chunk : chunks) {
                out.println(chunk.spec() + suffix);
            }
        }
        out.flush();
        return 0;
    }

    private String readIndices() {
        boolean fromStdin = indices == null || indices.equals(STDIN);
        if (!fromStdin) {
            return indices;
        }
        try {
            return new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the indices from standard input", e);
        }
    }

    private static void requireInRange(String option, int value, int min, int max) {
        if (value < min || value > max) {
            String allowed = max == Integer.MAX_VALUE ? "at least " + min : "between " + min + " and " + max;
            throw new InvalidInputException(option + " must be " + allowed + ", got " + value);
        }
    }
}
