package dev.memescalate.engine;

import dev.memescalate.config.ConfigLoader;
import dev.memescalate.config.EscalationConfig;
import dev.memescalate.store.ChainRecord;

/** A chain's config, read back from the snapshot taken at submission: later edits of the file do not change it. */
public final class ChainConfig {
    private ChainConfig() {
    }

    public static EscalationConfig of(ChainRecord chain) {
        // With the original path, relative paths in the snapshot resolve as they did at submission.
        return chain.configSourcePath()
                .map(source -> ConfigLoader.parse(chain.configYaml(), source))
                .orElseGet(() -> ConfigLoader.parse(chain.configYaml(), "config of chain " + chain.id()));
    }
}
