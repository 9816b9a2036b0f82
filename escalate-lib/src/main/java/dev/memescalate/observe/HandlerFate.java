package dev.memescalate.observe;

import java.time.Duration;
import java.util.Optional;

/**
 * How a handler (or finalizer) job ended, from sacct: what a STALLED chain shows as the reason.
 *
 * @param state sacct's State as printed ({@code OUT_OF_MEMORY}, {@code CANCELLED by 0}, {@code TIMEOUT})
 * @param exitCode {@code rc:signal}
 * @param node where it ran, when it ran
 */
public record HandlerFate(String jobId, String state, String exitCode, Optional<Duration> elapsed,
        Optional<String> node) {

    /** {@code OUT_OF_MEMORY 0:125 after 00:00:31 on pi1}. */
    public String describe() {
        return state + " " + exitCode + elapsed.filter(e -> !e.isZero()).map(e -> " after " + Durations.clock(e))
                .orElse("")
                + node.map(n -> " on " + n).orElse("");
    }
}
