package dev.memescalate.config;

import dev.memescalate.InvalidInputException;
import java.util.ArrayList;
import java.util.List;

/** Collects config errors as {@code FILE:LINE: message} so one run reports all of them, not just the first. */
final class Problems {
    private final String sourceName;
    private final List<String> messages = new ArrayList<>();

    Problems(String sourceName) {
        this.sourceName = sourceName;
    }

    void add(int line, String message) {
        messages.add(sourceName + ":" + line + ": " + message);
    }

    void add(YamlNode where, String message) {
        add(where.line(), message);
    }

    /** How many problems were found so far. */
    int count() {
        return messages.size();
    }

    /** Throws one {@link InvalidInputException} listing every problem, if there is any. */
    void throwIfAny() {
        if (messages.isEmpty()) {
            return;
        }
        if (messages.size() == 1) {
            throw new InvalidInputException(messages.get(0));
        }
        throw new InvalidInputException(sourceName + " has " + messages.size() + " problems:\n  "
                + String.join("\n  ", messages));
    }
}
