package dev.memescalate.config;

import java.util.Objects;
import java.util.Optional;

/**
 * How a chain's rounds are shaped and where its tasks start: {@code index_mapping}, {@code start_level} and
 * {@code start_level_match}.
 *
 * @param indexMapping whether rounds Slurm cannot take in one array are renumbered ({@link IndexMapping})
 * @param startLevel the config's {@code start_level}, when set ({@code submit --start-level} wins over it)
 * @param learnByPath with a learned start level: whether earlier chains of a script at the same path count when
 *     none had the same content ({@code start_level_match: content_or_path}, the default), or only the same
 *     content does ({@code content})
 */
public record ChainOptions(IndexMapping indexMapping, Optional<StartLevel> startLevel, boolean learnByPath) {
    public ChainOptions {
        Objects.requireNonNull(indexMapping, "indexMapping");
        Objects.requireNonNull(startLevel, "startLevel");
    }

    public static ChainOptions defaults() {
        return new ChainOptions(IndexMapping.AUTO, Optional.empty(), true);
    }
}
