package dev.memescalate.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads the {@code notify} section: {@code mail}, {@code command} and {@code command_timeout}, each optional. */
final class NotifyReader {
    static final List<String> KEYS = List.of("mail", "command", "command_timeout");

    private static final String EXAMPLE_COMMAND = "command: [notify-send, \"chain ended\"]";

    private final ValueReader values;
    private final Problems problems;

    NotifyReader(ValueReader values) {
        this.values = values;
        this.problems = values.problems();
    }

    /** The section's notification; {@link Notification#none()} when it is left empty. */
    Notification read(YamlNode value) {
        Optional<YamlNode.Mapping> section = values.sectionMapping(value,
                "'notify' must be a mapping {mail, command, command_timeout}");
        if (section.isEmpty()) {
            return Notification.none();
        }
        YamlNode.Mapping map = section.get();
        values.rejectUnknownKeys(map, "notify", KEYS);
        Optional<YamlNode.Entry> mailEntry = map.entry("mail");
        Optional<YamlNode.Entry> commandEntry = map.entry("command");
        Optional<YamlNode.Entry> timeoutEntry = map.entry("command_timeout");
        Optional<String> mail = mailEntry.flatMap(e -> mail(e.value()));
        Optional<List<String>> command = commandEntry.flatMap(e -> command(e.value()));
        Optional<Duration> timeout = timeoutEntry.flatMap(e -> values.duration(e.value(), "notify.command_timeout"));
        boolean timeoutWithoutCommand = timeoutEntry.isPresent() && commandEntry.isEmpty();
        if (timeoutWithoutCommand) {
            problems.add(timeoutEntry.get().keyLine(), "notify: command_timeout is set but there is no command to"
                    + " time; add a command (" + EXAMPLE_COMMAND + ") or remove command_timeout");
        }
        // An invalid key reads as unset here; its problem stops the load, so this value is then never used.
        return new Notification(mail, command.orElse(List.of()),
                timeout.orElse(Notification.DEFAULT_COMMAND_TIMEOUT));
    }

    private Optional<String> mail(YamlNode value) {
        return values.scalarText(value, "notify.mail").map(String::strip).filter(address -> {
            Optional<String> why = Notification.whyNotAMailAddress(address);
            why.ifPresent(w -> problems.add(value, "notify.mail: " + w + "; write one address, such as"
                    + " you@example.org"));
            return why.isEmpty();
        });
    }

    /**
     * The command as a list of words, each taken as written. A single value is refused rather than split at
     * blanks: the command runs without a shell, so the words must be the user's own, quotes and all.
     */
    private Optional<List<String>> command(YamlNode value) {
        String forms = EXAMPLE_COMMAND + " or one '- word' per line";
        if (!(value instanceof YamlNode.Sequence list)) {
            String found = value instanceof YamlNode.Scalar scalar && !scalar.isNull()
                    ? "'" + scalar.text() + "' is a single value"
                    : "found " + value.kind();
            problems.add(value, "notify.command: " + found + "; write the command as a list of words (it runs"
                    + " without a shell): " + forms);
            return Optional.empty();
        }
        if (list.items().isEmpty()) {
            problems.add(value, "notify.command: the list is empty; give the program and its arguments: " + forms);
            return Optional.empty();
        }
        List<String> words = new ArrayList<>();
        for (int i = 0; i < list.items().size(); i++) {
            YamlNode item = list.items().get(i);
            if (item instanceof YamlNode.Scalar scalar) {
                words.add(scalar.text());
            } else {
                problems.add(item, "notify.command: word " + (i + 1) + " is " + item.kind() + ", not a single"
                        + " word; quote a word that contains ': ' or starts with '[' or '{' (\"a: b\")");
            }
        }
        if (words.size() < list.items().size()) {
            return Optional.empty();
        }
        if (words.get(0).isBlank()) {
            problems.add(list.items().get(0), "notify.command: the program (the first word) is empty; give the"
                    + " program to run: " + forms);
            return Optional.empty();
        }
        return Optional.of(words);
    }
}
