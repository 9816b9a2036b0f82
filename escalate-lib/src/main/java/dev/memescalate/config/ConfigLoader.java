package dev.memescalate.config;

import dev.memescalate.InvalidInputException;
import dev.memescalate.ladder.Ladder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Loads and validates a YAML config file into an {@link EscalationConfig}.
 *
 * <p>Two formats load: the current one, and the original tool's, whose extra sections ({@code timeout},
 * {@code tracker}, {@code logging}, {@code cluster}, {@code failed_jobs}, {@code retry}, {@code defaults}) are
 * accepted; those keys that mean something here are mapped, the others named in ONE warning. A key known to
 * neither format is an error. All problems found are reported together, each as
 * {@code FILE:LINE: what is wrong; what to do}.
 *
 * <p>Each section has its reader: {@link LadderReader} ({@code levels}), {@link StateHandlingReader}
 * ({@code state_handling}), {@link SettingsReader} ({@code handler}, the paths and the single-value settings),
 * {@link NotifyReader} ({@code notify}) and {@link LegacyFormatReader} (the original format's sections). They
 * share one {@link ValueReader}, and through it one {@link Problems} list; this class hands each top-level key to
 * its reader and builds the result.
 *
 * <p>Relative paths ({@code tracker_dir}, {@code log_dir}, {@code done_file}, legacy {@code tracker.*}) resolve
 * against the config file's directory; text parsed by {@link #parse(String, String)} has no directory, so its
 * relative paths stay relative (to the working directory).
 */
public final class ConfigLoader {
    /** Top-level keys of the current format, in the order the example config explains them. */
    static final List<String> KEYS = Stream.of(
                    List.of("levels", "state_handling"), SettingsReader.KEYS, List.of("notify"))
            .flatMap(List::stream)
            .toList();

    private ConfigLoader() {
    }

    /** Reads and validates a config file. */
    public static EscalationConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("config file " + file + " does not exist; check the path", e);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read config file " + file + " (" + e.getClass().getSimpleName()
                    + ": " + e.getMessage() + "); check the path and its permissions", e);
        }
        return parse(text, file);
    }

    /** Validates config text held in memory; {@code sourceName} stands for the file in messages. */
    public static EscalationConfig parse(String yaml, String sourceName) {
        return new Reading(yaml, sourceName, null, Optional.empty()).run();
    }

    /**
     * Validates config text as if read from {@code source} (relative paths resolve against its directory)
     * without reading the file: for the text snapshotted in the chain store, which may since have changed on disk.
     */
    public static EscalationConfig parse(String yaml, Path source) {
        Path absolute = source.toAbsolutePath().normalize();
        return new Reading(yaml, source.toString(), absolute, Optional.ofNullable(absolute.getParent())).run();
    }

    /** All top-level keys either format knows, for "did you mean". */
    private static List<String> allTopLevelKeys() {
        List<String> keys = new ArrayList<>(KEYS);
        keys.addAll(LegacyFormatReader.sectionNames());
        return keys;
    }

    /**
     * One pass over one file: hands each top-level section to its reader, all of them sharing one problem list,
     * then builds the config or throws every problem found.
     */
    private static final class Reading {
        private final String text;
        private final String sourceName;
        private final Path source;
        private final ValueReader values;
        private final Problems problems;
        private final LadderReader ladderReader;
        private final StateHandlingReader stateHandling;
        private final SettingsReader settings;
        private final NotifyReader notifyReader;
        private final LegacyFormatReader legacy;

        private Optional<Ladder> ladder = Optional.empty();
        private Notification notification = Notification.none();

        Reading(String text, String sourceName, Path source, Optional<Path> baseDir) {
            this.text = text;
            this.sourceName = sourceName;
            this.source = source;
            this.values = new ValueReader(sourceName, baseDir);
            this.problems = values.problems();
            this.ladderReader = new LadderReader(values);
            this.stateHandling = new StateHandlingReader(values);
            this.settings = new SettingsReader(values);
            this.notifyReader = new NotifyReader(values);
            this.legacy = new LegacyFormatReader(values, settings);
        }

        EscalationConfig run() {
            Optional<YamlNode> root = YamlReader.read(text, sourceName);
            if (root.isEmpty()) {
                throw new InvalidInputException(sourceName + ": the config is empty; it needs at least 'levels'"
                        + " (a list of {partition, mem, time}), see config/default.yaml");
            }
            if (!(root.get() instanceof YamlNode.Mapping top)) {
                throw new InvalidInputException(sourceName + ":" + root.get().line() + ": the config must be a"
                        + " mapping of keys (levels:, state_handling:, ...), found " + root.get().kind());
            }
            for (YamlNode.Entry entry : top.entries()) {
                readTopLevel(entry);
            }
            if (top.entry("levels").isEmpty()) {
                problems.add(top, "no 'levels'; the config needs a list of levels, each {partition, mem, time}");
            }
            problems.throwIfAny();
            List<String> warnings = new ArrayList<>();
            legacy.warning().ifPresent(warnings::add);
            warnings.addAll(values.warnings());
            settings.handlerStopsBeforeSacctTimeoutWarning().ifPresent(warnings::add);
            return new EscalationConfig(source, ladder.orElseThrow(), stateHandling.effectivePolicy(),
                    stateHandling.statesFromFile(), settings.handler(), settings.trackerDir(), settings.logDir(),
                    settings.maxArraySpecLength(), settings.maxArrayTasks(), settings.doneFilePattern(),
                    settings.maxSameLevelRetries(), settings.sacctTimeout(), notification, warnings, text);
        }

        private void readTopLevel(YamlNode.Entry entry) {
            String key = entry.key();
            switch (key) {
                case "levels" -> ladder = ladderReader.read(entry.value());
                case "state_handling" -> stateHandling.read(entry.value());
                case "notify" -> notification = notifyReader.read(entry.value());
                default -> {
                    if (SettingsReader.KEYS.contains(key)) {
                        settings.read(entry);
                    } else if (LegacyFormatReader.isSection(key)) {
                        legacy.read(entry);
                    } else {
                        problems.add(entry.keyLine(), "unknown key '" + key + "'"
                                + Suggestions.didYouMean(key, allTopLevelKeys()) + "; valid keys: "
                                + String.join(", ", KEYS));
                    }
                }
            }
        }
    }
}
