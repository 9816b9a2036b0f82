package dev.memescalate.cli.command;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** PLACEHOLDER: replaced by the real command. */
@Command(name = "check-config", mixinStandardHelpOptions = true, description = "Validate a config file and print its ladder and rules.")
public final class CheckConfigCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("check-config is not implemented yet");
    }
}
