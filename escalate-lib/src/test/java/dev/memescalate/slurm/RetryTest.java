package dev.memescalate.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryTest {

    private final List<Duration> waits = new ArrayList<>();
    private final Sleeper recording = waits::add;
    private final Retry retry = new Retry(4, Duration.ofSeconds(1), Duration.ofSeconds(3));

    private static SlurmException failure(boolean transientFailure) {
        return new SlurmException("sacct failed", List.of("sacct"), 1, "boom", transientFailure);
    }

    @Test
    void retriesTransientFailuresWithDoublingCappedWaits() {
        AtomicInteger calls = new AtomicInteger();

        String result = retry.run(() -> {
            if (calls.incrementAndGet() < 4) {
                throw failure(true);
            }
            return "rows";
        }, recording);

        assertThat(result).isEqualTo("rows");
        assertThat(waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3));
    }

    @Test
    void permanentFailureIsThrownAtOnce() {
        SlurmException rejected = failure(false);

        assertThatThrownBy(() -> retry.run(() -> {
            throw rejected;
        }, recording)).isSameAs(rejected);
        assertThat(waits).isEmpty();
    }

    @Test
    void givesUpAfterMaxAttemptsWithEarlierFailuresAttached() {
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> retry.run(() -> {
            calls.incrementAndGet();
            throw failure(true);
        }, recording)).isInstanceOf(SlurmException.class).satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
        assertThat(calls).hasValue(4);
        assertThat(waits).hasSize(3);
    }

    @Test
    void rejectsNonsenseSettingsNamingThem() {
        assertThatThrownBy(() -> new Retry(0, Duration.ZERO, Duration.ZERO)).hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> new Retry(2, Duration.ofSeconds(5), Duration.ofSeconds(1)))
                .hasMessageContaining("maxDelay must be >= firstDelay");
    }
}
