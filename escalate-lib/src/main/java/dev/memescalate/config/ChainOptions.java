package dev.memescalate.config;

import java.util.Objects;
import java.util.Optional;

/**
 * How a chain's rounds are shaped and where its tasks start: {@code index_mapping}, {@code start_level},
 * {@code start_level_match} and {@code escalation}.
 *
 * @param indexMapping whether rounds Slurm cannot take in one array are renumbered ({@link IndexMapping})
 * @param startLevel the config's {@code start_level}, when set ({@code submit --start-level} wins over it)
 * @param learnByPath with a learned start level: whether earlier chains of a script at the same path count when
 *     none had the same content ({@code start_level_match: content_or_path}, the default), or only the same
 *     content does ({@code content})
 * @param escalation whether memory and time climb together ({@link Escalation#LOCKSTEP}) or by the failure's reason
 */
public record ChainOptions(IndexMapping indexMapping, Optional<StartLevel> startLevel, boolean learnByPath,
        Escalation escalation) {
    public ChainOptions {
        Objects.requireNonNull(indexMapping, "indexMapping");
        Objects.requireNonNull(startLevel, "startLevel");
        Objects.requireNonNull(escalation, "escalation");
    }

    public static ChainOptions defaults() {
        return new ChainOptions(IndexMapping.AUTO, Optional.empty(), true, Escalation.LOCKSTEP);
    }

    public boolean byReason() {
        return escalation == Escalation.BY_REASON;
    }
}
