package dev.memescalate.config;

import java.util.List;
import java.util.Optional;

/**
 * A YAML value with the line it starts on, so config errors can say {@code FILE:LINE}. Scalars keep their text
 * exactly as written (after YAML unquoting) and are never typed by YAML: {@code 1:00:00} stays the text
 * {@code "1:00:00"} instead of YAML 1.1's sexagesimal integer 3600; each config key parses its own text.
 */
sealed interface YamlNode {
    int line();

    /** What this node is, for "expected a list, found a mapping" messages. */
    String kind();

    /** A {@code key: value} mapping; keys are unique and kept in file order. */
    record Mapping(List<Entry> entries, int line) implements YamlNode {
        public Mapping {
            entries = List.copyOf(entries);
        }

        Optional<Entry> entry(String key) {
            return entries.stream().filter(e -> e.key().equals(key)).findFirst();
        }

        @Override
        public String kind() {
            return "a mapping (key: value)";
        }
    }

    record Entry(String key, int keyLine, YamlNode value) {
    }

    record Sequence(List<YamlNode> items, int line) implements YamlNode {
        public Sequence {
            items = List.copyOf(items);
        }

        @Override
        public String kind() {
            return "a list";
        }
    }

    /**
     * A scalar; {@code isNull} for an empty value or {@code ~}/{@code null}, whose text is then as written too
     * ({@code ""}, {@code "~"}, {@code "null"}).
     */
    record Scalar(String text, boolean isNull, int line) implements YamlNode {
        @Override
        public String kind() {
            return isNull ? "an empty value" : "a single value";
        }
    }
}
