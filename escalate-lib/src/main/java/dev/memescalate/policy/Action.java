package dev.memescalate.policy;

import java.util.Locale;
import java.util.Optional;

/** What the config says to do with a task that ended in a given state or exit code. */
public enum Action {
    /** Resubmit at the next level of the ladder (more memory, more time). */
    ESCALATE("escalate"),
    /** Resubmit at the same level: the node died, not the task (NODE_FAIL, PREEMPTED, BOOT_FAIL). */
    RETRY("retry"),
    /** Final failure: more resources will not help. Config alias: {@code fail}. */
    NO_RETRY("no_retry");

    private final String configName;

    Action(String configName) {
        this.configName = configName;
    }

    /** The spelling used in YAML config files. */
    public String configName() {
        return configName;
    }

    /** Parses a config value: {@code escalate}, {@code retry}, {@code no_retry} or its alias {@code fail}. */
    public static Optional<Action> fromConfig(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (v.equals("fail")) {
            return Optional.of(NO_RETRY);
        }
        for (Action a : values()) {
            if (a.configName.equals(v)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** The valid config spellings, for error messages. */
    public static String validChoices() {
        return "escalate, retry, no_retry (alias: fail)";
    }
}
