package dev.memescalate.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the sections only the original tool's format has ({@code timeout}, {@code tracker}, {@code logging},
 * {@code cluster}, {@code failed_jobs}, {@code retry}, {@code defaults}). A key that means something here is handed
 * to {@link SettingsReader} under its current name; the others are collected and named together in ONE warning.
 * A key the original format did not have in {@code timeout}, {@code tracker}, {@code logging} or {@code cluster}
 * is an error, as everywhere else.
 */
final class LegacyFormatReader {
    /**
     * Sections of the original format and their keys, each mapped to the current setting it means, or to empty
     * when this tool has no use for it (then it is named in the warning).
     */
    private static final Map<String, Map<String, Optional<String>>> SECTIONS = sections();

    /**
     * Sections of the original format that mem-escalate does not use, whatever they hold: the original tool's
     * versions put different keys under them, so each key found is named in the warning and none is checked.
     */
    private static final List<String> IGNORED_SECTIONS = List.of("failed_jobs", "retry", "defaults");

    private final ValueReader values;
    private final SettingsReader settings;
    private final Problems problems;
    private final List<String> ignoredKeys = new ArrayList<>();

    LegacyFormatReader(ValueReader values, SettingsReader settings) {
        this.values = values;
        this.settings = settings;
        this.problems = values.problems();
    }

    private static Map<String, Map<String, Optional<String>>> sections() {
        Map<String, Map<String, Optional<String>>> sections = new LinkedHashMap<>();
        Map<String, Optional<String>> timeout = new LinkedHashMap<>();
        timeout.put("sacct_delay", Optional.empty());
        timeout.put("poll_interval", Optional.empty());
        sections.put("timeout", timeout);
        Map<String, Optional<String>> tracker = new LinkedHashMap<>();
        tracker.put("base_dir", Optional.of("tracker_dir"));
        tracker.put("checkpoint_dir", Optional.empty());
        tracker.put("output_dir", Optional.of("log_dir"));
        tracker.put("history_log", Optional.empty());
        tracker.put("jobs_dir", Optional.empty());
        sections.put("tracker", tracker);
        Map<String, Optional<String>> logging = new LinkedHashMap<>();
        logging.put("enabled", Optional.empty());
        logging.put("db_path", Optional.empty());
        sections.put("logging", logging);
        Map<String, Optional<String>> cluster = new LinkedHashMap<>();
        cluster.put("name", Optional.empty());
        cluster.put("partition", Optional.empty());
        cluster.put("nodes", Optional.empty());
        sections.put("cluster", cluster);
        sections.replaceAll((name, keys) -> Collections.unmodifiableMap(keys));
        return Collections.unmodifiableMap(sections); // insertion order: messages list keys as the format did
    }

    /** The top-level section names of the original format, for "did you mean". */
    static List<String> sectionNames() {
        List<String> names = new ArrayList<>(SECTIONS.keySet());
        names.addAll(IGNORED_SECTIONS);
        return names;
    }

    static boolean isSection(String key) {
        return SECTIONS.containsKey(key) || IGNORED_SECTIONS.contains(key);
    }

    /** Reads one top-level section for which {@link #isSection} holds. */
    void read(YamlNode.Entry section) {
        if (IGNORED_SECTIONS.contains(section.key())) {
            ignoreWhole(section);
            return;
        }
        Map<String, Optional<String>> known = SECTIONS.get(section.key());
        Optional<YamlNode.Mapping> map = values.sectionMapping(section.value(), "'" + section.key()
                + "' (original format) must be a mapping of " + String.join(", ", known.keySet()));
        if (map.isEmpty()) {
            return;
        }
        for (YamlNode.Entry entry : map.get().entries()) {
            String qualified = section.key() + "." + entry.key();
            if (!known.containsKey(entry.key())) {
                problems.add(entry.keyLine(), "unknown key '" + qualified + "'"
                        + Suggestions.didYouMean(entry.key(), known.keySet()) + "; valid keys in '"
                        + section.key() + "': " + String.join(", ", known.keySet()));
                continue;
            }
            Optional<String> meaning = known.get(entry.key());
            if (meaning.isEmpty()) {
                ignoredKeys.add(qualified + " (line " + entry.keyLine() + ")");
            } else {
                settings.setPath(meaning.get(), qualified, entry.value());
            }
        }
    }

    /**
     * Names each key of an ignored section in the warning; the section itself when it is not a mapping, and
     * nothing when it is left empty.
     */
    private void ignoreWhole(YamlNode.Entry section) {
        YamlNode value = section.value();
        if (value instanceof YamlNode.Mapping map) {
            for (YamlNode.Entry entry : map.entries()) {
                ignoredKeys.add(section.key() + "." + entry.key() + " (line " + entry.keyLine() + ")");
            }
            return;
        }
        boolean leftEmpty = value instanceof YamlNode.Scalar scalar && scalar.isNull();
        if (!leftEmpty) {
            ignoredKeys.add(section.key() + " (line " + section.keyLine() + ")");
        }
    }

    /** The one warning naming every ignored key with its line, when the file has any. */
    Optional<String> warning() {
        if (ignoredKeys.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(values.sourceName() + ": ignoring keys of the original format that mem-escalate does not"
                + " use: " + String.join(", ", ignoredKeys) + "; delete them to silence this warning");
    }
}
