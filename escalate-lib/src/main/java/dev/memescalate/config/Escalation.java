package dev.memescalate.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The config's {@code escalation}: whether memory and time climb the ladder together or by the reason a task failed. */
public enum Escalation {
    /** One level per task: every escalation raises memory and time together (the default, the original tool's way). */
    LOCKSTEP,
    /**
     * A memory level and a time level per task: OUT_OF_MEMORY and memory-signature exit codes raise the memory
     * level, TIMEOUT the time level, any other escalation both.
     */
    BY_REASON;

    /** The value as written in a config ({@code by_reason}). */
    public String configValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code lockstep} or {@code by_reason}; empty for anything else. */
    public static Optional<Escalation> fromConfig(String text) {
        return Arrays.stream(values()).filter(e -> e.configValue().equals(text)).findFirst();
    }

    /** {@code lockstep, by_reason}, for messages. */
    public static String choices() {
        return Arrays.stream(values()).map(Escalation::configValue).collect(Collectors.joining(", "));
    }
}
