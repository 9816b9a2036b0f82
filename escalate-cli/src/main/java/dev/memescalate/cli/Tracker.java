package dev.memescalate.cli;

import dev.memescalate.config.EscalationConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where chains are tracked: {@code MEM_ESCALATE_HOME} when set, else the config's {@code tracker_dir}, else
 * {@code ~/.mem-escalate}. Handler jobs read and write the store there, so it must be on a filesystem the compute
 * nodes share.
 */
public final class Tracker {
    public static final String HOME_VARIABLE = "MEM_ESCALATE_HOME";

    private Tracker() {
    }

    public static Path directory(Map<String, String> env, Optional<EscalationConfig> config) {
        String fromEnv = env.get(HOME_VARIABLE);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv).toAbsolutePath().normalize();
        }
        return config.flatMap(EscalationConfig::trackerDir)
                .orElse(Path.of(System.getProperty("user.home"), ".mem-escalate"))
                .toAbsolutePath()
                .normalize();
    }
}
