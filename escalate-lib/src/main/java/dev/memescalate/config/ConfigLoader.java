package dev.memescalate.config;

import dev.memescalate.InvalidInputException;
import dev.memescalate.ladder.Ladder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
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
 * <p>Each section has its reader: {@link LadderReader} ({@code levels}), {@link SeparateLaddersReader}
 * ({@code memory}, {@code time}, {@code partitions}, {@code options}), {@link StateHandlingReader}
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
                    List.of("levels"), SeparateLaddersReader.KEYS, List.of("state_handling"), SettingsReader.KEYS,
                    List.of("notify"), ChainOptionsReader.KEYS)
            .flatMap(List::stream)
            .toList();

    private ConfigLoader() {
    }

    /**
     * The largest config file read, in bytes. The biggest real configs (a ladder of a dozen levels with every key
     * explained, like config/default.yaml at about 6 KB) are far below it; the text is copied into the store with
     * every chain and parsed again by every handler run, so a file of megabytes is a mistake (a data file given as
     * --config, a generated file gone wrong) and is refused before it is read or parsed.
     */
    public static final long MAX_FILE_BYTES = 1024 * 1024;

    /** Reads and validates a config file. */
    public static EscalationConfig load(Path file) {
        return parse(readText(file), file);
    }

    /**
     * The file's text, after checking that it is a regular file (a FIFO would block the read forever), at most
     * {@link #MAX_FILE_BYTES} long, UTF-8 and free of NUL bytes (a binary file).
     */
    static String readText(Path file) {
        if (Files.isDirectory(file)) {
            throw new InvalidInputException("config file " + file + " is a directory; give the YAML file itself");
        }
        if (!Files.exists(file)) {
            throw new InvalidInputException("config file " + file + " does not exist"
                    + (Files.isSymbolicLink(file) ? " (it is a symbolic link to a missing file)" : "")
                    + "; check the path");
        }
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("config file " + file + " is not a regular file (a named pipe or a"
                    + " device?); give a YAML file");
        }
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw tooLarge(file, size);
            }
            try (InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes((int) MAX_FILE_BYTES + 1); // the file may have grown since
            }
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("config file " + file + " does not exist; check the path", e);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read config file " + file + " (" + e.getClass().getSimpleName()
                    + ": " + e.getMessage() + "); check the path and its permissions", e);
        }
        if (bytes.length > MAX_FILE_BYTES) {
            throw tooLarge(file, bytes.length);
        }
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                throw notText(file, "it holds a NUL byte at offset " + i);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw notText(file, "it is not UTF-8");
        }
    }

    private static InvalidInputException tooLarge(Path file, long size) {
        return new InvalidInputException("config file " + file + " is " + size + " bytes; a config is at most "
                + MAX_FILE_BYTES + " bytes (1 MB): is it the right file?");
    }

    private static InvalidInputException notText(Path file, String why) {
        return new InvalidInputException("config file " + file + " is not a text file (" + why + "); give the YAML"
                + " config, see config/default.yaml");
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
        private final ChainOptionsReader chainOptions;
        private final SeparateLaddersReader separateLadders;

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
            this.chainOptions = new ChainOptionsReader(values);
            this.separateLadders = new SeparateLaddersReader(values);
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
            readLadder(top);
            problems.throwIfAny();
            List<String> warnings = new ArrayList<>();
            legacy.warning().ifPresent(warnings::add);
            warnings.addAll(values.warnings());
            settings.handlerStopsBeforeSacctTimeoutWarning().ifPresent(warnings::add);
            return new EscalationConfig(source, ladder.orElseThrow(), stateHandling.effectivePolicy(),
                    stateHandling.statesFromFile(), settings.handler(), settings.trackerDir(), settings.logDir(),
                    settings.maxArraySpecLength(), settings.maxArrayTasks(), settings.doneFilePattern(),
                    settings.maxSameLevelRetries(), settings.sacctTimeout(), notification, chainOptions.options(),
                    warnings, text);
        }

        /**
         * Checks which ladder the file gives: {@code levels:} (already read), or with {@code escalation: by_reason}
         * separate {@code memory:} and {@code time:} lists, read here once every top-level key is known.
         */
        private void readLadder(YamlNode.Mapping top) {
            Optional<YamlNode.Entry> levels = top.entry("levels");
            Optional<YamlNode.Entry> memory = separateLadders.entry("memory");
            Optional<YamlNode.Entry> time = separateLadders.entry("time");
            boolean byReason = chainOptions.options().byReason();
            if (levels.isPresent()) {
                for (String key : SeparateLaddersReader.KEYS) {
                    separateLadders.entry(key).ifPresent(e -> problems.add(e.keyLine(), "'" + key + "' is for"
                            + " separate memory: and time: ladders, but the config has 'levels:' (line "
                            + levels.get().keyLine() + "); give either levels: (each with its partition and options)"
                            + " or memory: and time:, not both"));
                }
                return; // read in file order by readTopLevel

            }
            if (memory.isEmpty() && time.isEmpty()) {
                separateLadders.entry("partitions").or(() -> separateLadders.entry("options")).ifPresent(e ->
                        problems.add(e.keyLine(), "'" + e.key() + "' applies to separate memory: and time: ladders,"
                                + " but the config has neither; give memory: and time: lists (escalation:"
                                + " by_reason), or levels: with the partition and options on each level"));
                problems.add(top, "no 'levels'; the config needs a list of levels, each {partition, mem, time}"
                        + " (or, with escalation: by_reason, separate memory: and time: lists)");
                return;
            }
            if (memory.isEmpty() || time.isEmpty()) {
                YamlNode.Entry given = memory.or(() -> time).orElseThrow();
                String missing = memory.isEmpty() ? "memory" : "time";
                problems.add(given.keyLine(), "'" + given.key() + "' is given without '" + missing + "'; separate"
                        + " ladders need both lists (memory: [1G, 2G], time: [\"1:00:00\", \"4:00:00\"]), or give"
                        + " levels: instead");
                return;
            }
            if (!byReason) {
                String escalation = top.entry("escalation").map(e -> "escalation: "
                        + chainOptions.options().escalation().configValue() + " (line " + e.keyLine() + ")")
                        .orElse("escalation unset (lockstep, the default)");
                problems.add(memory.get().keyLine(), "separate 'memory:' and 'time:' ladders need escalation:"
                        + " by_reason, but the config has " + escalation + "; set escalation: by_reason, or give"
                        + " levels: for memory and time that rise together");
                return;
            }
            ladder = separateLadders.read().map(Ladder::separate);
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
                    } else if (SeparateLaddersReader.KEYS.contains(key)) {
                        separateLadders.add(entry);
                    } else if (ChainOptionsReader.KEYS.contains(key)) {
                        chainOptions.read(entry);
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
