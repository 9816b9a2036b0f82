package dev.memescalate.cli;

import dev.memescalate.InvalidInputException;
import dev.memescalate.config.ConfigLoader;
import dev.memescalate.config.EscalationConfig;
import dev.memescalate.engine.ChainLauncher;
import dev.memescalate.store.ChainStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where chains are tracked, as every command that reads them takes it: {@code --tracker-dir}, else
 * {@code MEM_ESCALATE_HOME}, else the {@code tracker_dir} of {@code --config}, else {@code ~/.mem-escalate}.
 */
public final class TrackerOptions {
    @Option(names = "--tracker-dir", paramLabel = "DIR",
            description = "The tracker directory (the store and the chains' directories). Default: $MEM_ESCALATE_HOME,"
                    + " else the config's tracker_dir, else ~/.mem-escalate.")
    Path trackerDir;

    @Option(names = "--config", paramLabel = "FILE",
            description = "A config file: its tracker_dir says where chains are tracked (submit also takes its ladder).")
    Path config;

    /** The config given with {@code --config}, loaded; empty without one. */
    public Optional<EscalationConfig> config(Path workDir) {
        if (config == null) {
            return Optional.empty();
        }
        return Optional.of(ConfigLoader.load(existingConfig(workDir)));
    }

    /**
     * The {@code --config} file resolved against {@code workDir}; "no such file" names the option. What else can be
     * wrong with it (a directory, a FIFO, too large, not text) {@link ConfigLoader#load} says.
     */
    public Path existingConfig(Path workDir) {
        Path file = workDir.resolve(config);
        if (!Files.exists(file) && !Files.isSymbolicLink(file)) {
            throw new InvalidInputException("--config " + config + ": no such file (looked for " + file + ")");
        }
        return file;
    }

    /** The option itself, for commands that resolve a default config of their own. */
    public Optional<Path> configOption() {
        return Optional.ofNullable(config);
    }

    public Path directory(Map<String, String> env, Optional<EscalationConfig> loaded) {
        if (trackerDir != null) {
            return trackerDir.toAbsolutePath().normalize();
        }
        return Tracker.directory(env, loaded);
    }

    /** How {@link #directory} chose: {@code --tracker-dir}, {@code MEM_ESCALATE_HOME}, the config's key or the default. */
    public String directorySource(Map<String, String> env, Optional<EscalationConfig> loaded) {
        if (trackerDir != null) {
            return "--tracker-dir";
        }
        String fromEnv = env.get(Tracker.HOME_VARIABLE);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Tracker.HOME_VARIABLE;
        }
        return loaded.filter(c -> c.trackerDir().isPresent())
                .map(c -> "tracker_dir of " + c.source())
                .orElse("the default");
    }

    /** Opens the store of an existing tracker directory; a clear error (exit 2) when there is none. */
    public ChainStore openExistingStore(Map<String, String> env) {
        Path dir = directory(env, config(Path.of("").toAbsolutePath()));
        Path storeFile = dir.resolve(ChainLauncher.STORE_FILE);
        if (!Files.isRegularFile(storeFile)) {
            throw new InvalidInputException("no chains are tracked in " + dir + " (no " + ChainLauncher.STORE_FILE
                    + " there): set MEM_ESCALATE_HOME or --tracker-dir to the tracker directory the chain was"
                    + " submitted with");
        }
        return ChainStore.open(storeFile);
    }
}
