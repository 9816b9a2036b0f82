package dev.memescalate.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ThrottleSharesTest {
    @Test
    void noThrottleStaysNone() {
        assertThat(ThrottleShares.split(OptionalInt.empty(), 3))
                .allSatisfy(s -> {
                    assertThat(s.throttle()).isEmpty();
                    assertThat(s.waitsForPart()).isEmpty();
                });
    }

    @Test
    void throttleIsSharedSoTheSumIsTheUsersThrottle() {
        List<ThrottleShares.Share> shares = ThrottleShares.split(OptionalInt.of(10), 3);

        assertThat(shares).extracting(s -> s.throttle().getAsInt()).containsExactly(4, 3, 3);
        assertThat(shares).allSatisfy(s -> assertThat(s.waitsForPart()).isEmpty());
    }

    @Test
    void throttleBelowTheNumberOfArraysChainsThemSoAtMostNRunAtOnce() {
        List<ThrottleShares.Share> shares = ThrottleShares.split(OptionalInt.of(2), 5);

        assertThat(shares).extracting(s -> s.throttle().getAsInt()).containsOnly(1);
        assertThat(shares).extracting(ThrottleShares.Share::waitsForPart).containsExactly(
                OptionalInt.empty(), OptionalInt.empty(), OptionalInt.of(0), OptionalInt.of(1), OptionalInt.of(2));
    }
}
