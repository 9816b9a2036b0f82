package dev.memescalate.config;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Reads {@code index_mapping}, {@code start_level}, {@code start_level_match} and {@code escalation}. */
final class ChainOptionsReader {
    /** The top-level keys this reader reads. */
    static final List<String> KEYS = List.of("index_mapping", "start_level", "start_level_match",
            "escalation");
    static final String MATCH_CONTENT = "content";
    static final String MATCH_CONTENT_OR_PATH = "content_or_path";

    private final ValueReader values;
    private final Problems problems;
    private ChainOptions options = ChainOptions.defaults();

    ChainOptionsReader(ValueReader values) {
        this.values = values;
        this.problems = values.problems();
    }

    void read(YamlNode.Entry entry) {
        YamlNode value = entry.value();
        switch (entry.key()) {
            case "index_mapping" -> values.scalarText(value, "index_mapping").ifPresent(text -> {
                Optional<IndexMapping> mapping = IndexMapping.fromConfig(text.strip());
                if (mapping.isEmpty()) {
                    problems.add(value, "index_mapping: '" + text + "' is not one of " + Arrays.stream(
                            IndexMapping.values()).map(IndexMapping::configValue).collect(Collectors.joining(", "))
                            + " (auto renumbers a round that would need several arrays)");
                } else {
                    options = new ChainOptions(mapping.get(), options.startLevel(), options.learnByPath(),
                            options.escalation());
                }
            });
            case "start_level" -> values.scalarText(value, "start_level").ifPresent(text -> {
                try {
                    options = new ChainOptions(options.indexMapping(), Optional.of(StartLevel.parse(text)),
                            options.learnByPath(), options.escalation());
                } catch (IllegalArgumentException bad) {
                    problems.add(value, "start_level: " + bad.getMessage() + "; give a level of the ladder (0 is"
                            + " the first) or " + StartLevel.AUTO);
                }
            });
            case "start_level_match" -> values.scalarText(value, "start_level_match").ifPresent(text -> {
                switch (text.strip()) {
                    case MATCH_CONTENT -> options = new ChainOptions(options.indexMapping(), options.startLevel(),
                            false, options.escalation());
                    case MATCH_CONTENT_OR_PATH -> options = new ChainOptions(options.indexMapping(),
                            options.startLevel(), true, options.escalation());
                    default -> problems.add(value, "start_level_match: '" + text + "' is not one of "
                            + MATCH_CONTENT_OR_PATH + ", " + MATCH_CONTENT + " (which earlier chains a learned start"
                            + " level comes from)");
                }
            });
            case "escalation" -> values.scalarText(value, "escalation").ifPresent(text -> {
                Optional<Escalation> escalation = Escalation.fromConfig(text.strip());
                if (escalation.isEmpty()) {
                    problems.add(value, "escalation: '" + text + "' is not one of " + Escalation.choices()
                            + " (lockstep raises memory and time together; by_reason raises memory after"
                            + " OUT_OF_MEMORY and time after TIMEOUT)");
                } else {
                    options = new ChainOptions(options.indexMapping(), options.startLevel(), options.learnByPath(),
                            escalation.get());
                }
            });
            default -> throw new IllegalArgumentException("not a chain option: " + entry.key());
        }
    }

    ChainOptions options() {
        return options;
    }
}
