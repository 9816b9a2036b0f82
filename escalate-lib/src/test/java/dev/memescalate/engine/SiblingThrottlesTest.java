package dev.memescalate.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.OptionalInt;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class SiblingThrottlesTest {
    @Test
    void noThrottleStaysNoneForEverySibling() {
        assertThat(SiblingThrottles.shares(OptionalInt.empty(), List.of(5, 1, 7)))
                .containsExactly(OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty());
    }

    @Test
    void aLoneRoundKeepsTheWholeThrottle() {
        assertThat(SiblingThrottles.shares(OptionalInt.of(7), List.of(1))).containsExactly(OptionalInt.of(7));
    }

    @Test
    void sharesFollowTheTaskCountsAndAddUpToN() {
        // 10 * 60/100 = 6, 10 * 30/100 = 3, 10 * 10/100 = 1
        assertThat(values(SiblingThrottles.shares(OptionalInt.of(10), List.of(60, 30, 10)))).containsExactly(6, 3, 1);
        // quotas 3.33, 3.33, 3.33: the one left over goes to the earliest round
        assertThat(values(SiblingThrottles.shares(OptionalInt.of(10), List.of(4, 4, 4)))).containsExactly(4, 3, 3);
        // quotas 6.67, 3.33: largest remainder
        assertThat(values(SiblingThrottles.shares(OptionalInt.of(10), List.of(2, 1)))).containsExactly(7, 3);
    }

    @Test
    void aSiblingWithFewTasksStillGetsOneTakenFromTheLargest() {
        // quotas 3.996, 0.002, 0.002: every round must be able to run a task
        assertThat(values(SiblingThrottles.shares(OptionalInt.of(4), List.of(1000, 1, 1)))).containsExactly(2, 1, 1);
        assertThat(values(SiblingThrottles.shares(OptionalInt.of(4), List.of(1, 1000, 1, 1))))
                .containsExactly(1, 1, 1, 1);
    }

    @Test
    void fewerThanOnePerSiblingGivesEachOne() {
        assertThat(values(SiblingThrottles.shares(OptionalInt.of(2), List.of(100, 50, 1, 7))))
                .containsExactly(1, 1, 1, 1);
    }

    @Test
    void rejectsWhatNoRoundHas() {
        assertThatThrownBy(() -> SiblingThrottles.shares(OptionalInt.of(3), List.of()))
                .hasMessageContaining("at least one round");
        assertThatThrownBy(() -> SiblingThrottles.shares(OptionalInt.of(3), List.of(2, 0)))
                .hasMessageContaining("taskCounts");
        assertThatThrownBy(() -> SiblingThrottles.shares(OptionalInt.of(0), List.of(2)))
                .hasMessageContaining("throttle must be >= 1, got 0");
    }

    @Property
    void sharesAddUpToNAndEachRunsATask(@ForAll @IntRange(min = 1, max = 100_000) int n,
            @ForAll @Size(min = 1, max = 4) List<@IntRange(min = 1, max = 1_000_000) Integer> counts) {
        List<Integer> shares = values(SiblingThrottles.shares(OptionalInt.of(n), counts));

        assertThat(shares).hasSize(counts.size()).allSatisfy(s -> assertThat(s).isGreaterThanOrEqualTo(1));
        int sum = shares.stream().mapToInt(Integer::intValue).sum();
        assertThat(sum).isEqualTo(Math.max(n, counts.size()));
    }

    @Property
    void sharesAreProportionalWithinRounding(@ForAll @IntRange(min = 1, max = 100_000) int n,
            @ForAll @Size(min = 1, max = 4) List<@IntRange(min = 1, max = 1_000_000) Integer> counts) {
        List<Integer> shares = values(SiblingThrottles.shares(OptionalInt.of(n), counts));
        double total = counts.stream().mapToLong(Integer::longValue).sum();
        boolean everyQuotaAtLeastOne = counts.stream().allMatch(c -> (double) n * c / total >= 1);

        for (int i = 0; i < counts.size(); i++) {
            double quota = (double) n * counts.get(i) / total;
            if (everyQuotaAtLeastOne) {
                assertThat(Math.abs(shares.get(i) - quota)).isLessThan(1.0 + 1e-9);
            }
            for (int j = 0; j < counts.size(); j++) {
                if (counts.get(i) > counts.get(j)) {
                    assertThat(shares.get(i)).as("more tasks never get a smaller share: %s of %s", shares, counts)
                            .isGreaterThanOrEqualTo(shares.get(j));
                }
            }
        }
    }

    @Property
    void sharesAreDeterministic(@ForAll @IntRange(min = 1, max = 1000) int n,
            @ForAll @Size(min = 1, max = 4) List<@IntRange(min = 1, max = 10_000) Integer> counts) {
        assertThat(SiblingThrottles.shares(OptionalInt.of(n), List.copyOf(counts)))
                .isEqualTo(SiblingThrottles.shares(OptionalInt.of(n), List.copyOf(counts)));
        for (int i = 0; i < counts.size(); i++) {
            assertThat(SiblingThrottles.shareOf(OptionalInt.of(n), counts, i))
                    .isEqualTo(SiblingThrottles.shares(OptionalInt.of(n), counts).get(i));
        }
    }

    private static List<Integer> values(List<OptionalInt> shares) {
        return shares.stream().map(OptionalInt::getAsInt).toList();
    }
}
