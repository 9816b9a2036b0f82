package dev.memescalate.cli.command;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** PLACEHOLDER: replaced by the real command. */
@Command(name = "compress-indices", mixinStandardHelpOptions = true, description = "Print the shortest --array spec for a list of indices.")
public final class CompressIndicesCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("compress-indices is not implemented yet");
    }
}
