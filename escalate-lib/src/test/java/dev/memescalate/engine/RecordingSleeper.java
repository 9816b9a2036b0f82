package dev.memescalate.engine;

import dev.memescalate.slurm.Sleeper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Records every wait and moves the clock on by it instead of sleeping. */
final class RecordingSleeper implements Sleeper {
    private final MutableClock clock;
    private final List<Duration> waits = new ArrayList<>();
    private Runnable onWait = () -> { };

    RecordingSleeper(MutableClock clock) {
        this.clock = clock;
    }

    @Override
    public void sleep(Duration duration) {
        waits.add(duration);
        clock.advance(duration);
        onWait.run();
    }

    /** Runs {@code action} after every wait: what another process does meanwhile. */
    void onWait(Runnable action) {
        onWait = action;
    }

    List<Duration> waits() {
        return List.copyOf(waits);
    }

    Duration total() {
        return waits.stream().reduce(Duration.ZERO, Duration::plus);
    }
}
