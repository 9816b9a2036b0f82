package dev.memescalate.engine;

import dev.memescalate.config.ConfigLoader;
import dev.memescalate.config.EscalationConfig;
import dev.memescalate.store.ChainRecord;
import java.nio.file.Path;

/** A chain's config, read back from the snapshot taken at submission: later edits of the file do not change it. */
final class ChainConfig {
    private ChainConfig() {
    }

    static EscalationConfig of(ChainRecord chain) {
        String source = chain.configSourcePath().map(Path::toString).orElse("config of chain " + chain.id());
        return ConfigLoader.parse(chain.configYaml(), source);
    }
}
