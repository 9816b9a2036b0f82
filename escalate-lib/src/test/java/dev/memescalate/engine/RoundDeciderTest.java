package dev.memescalate.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memescalate.indexset.IndexSet;
import dev.memescalate.ladder.LevelPair;
import dev.memescalate.policy.Outcome;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoundDeciderTest {
    private static TaskVerdict v(int index, Outcome outcome) {
        return new TaskVerdict(index, outcome, outcome.name().toLowerCase());
    }

    @Test
    void sortsEveryTaskIntoExactlyOneSet() {
        RoundDecider decider = new RoundDecider(3, 2);
        List<TaskVerdict> verdicts = List.of(
                v(0, Outcome.COMPLETED), v(1, Outcome.ESCALATE), v(2, Outcome.FAILED),
                v(3, Outcome.RETRY_SAME_LEVEL), v(4, Outcome.UNKNOWN), v(5, Outcome.COMPLETED));

        RoundDecision d = decider.decide(1, verdicts, Map.of());

        assertThat(d.completed()).isEqualTo(IndexSet.of(0, 5));
        assertThat(d.escalate()).isEqualTo(IndexSet.of(1));
        assertThat(d.escalations()).containsExactly(Map.entry(LevelPair.lockstep(2), IndexSet.of(1)));
        assertThat(d.failed()).isEqualTo(IndexSet.of(2, 4));
        assertThat(d.retry()).isEqualTo(IndexSet.of(3));
        assertThat(d.exhausted().isEmpty()).isTrue();
        assertThat(d.taskCount()).isEqualTo(verdicts.size());
        assertThat(d.reasons()).as("final failures only").containsOnlyKeys(2, 4);
    }

    @Test
    void escalationAtTheHighestAllowedLevelIsExhausted() {
        RoundDecision d = new RoundDecider(2, 2).decide(2, List.of(v(7, Outcome.ESCALATE)), Map.of());

        assertThat(d.exhausted()).isEqualTo(IndexSet.of(7));
        assertThat(d.escalate().isEmpty()).isTrue();
        assertThat(d.nothingLeftToRun()).isTrue();
        assertThat(d.reasons().get(7)).contains("highest allowed");
    }

    @Test
    void sameLevelRetriesStopAfterTheLimit() {
        RoundDecider decider = new RoundDecider(3, 2);
        List<TaskVerdict> nodeFails = List.of(v(1, Outcome.RETRY_SAME_LEVEL), v(2, Outcome.RETRY_SAME_LEVEL));

        RoundDecision d = decider.decide(0, nodeFails, Map.of(1, 1, 2, 2));

        assertThat(d.retry()).isEqualTo(IndexSet.of(1));
        assertThat(d.failed()).isEqualTo(IndexSet.of(2));
        assertThat(d.reasons().get(2)).contains("already retried 2 time(s)");
    }

    @Test
    void notFinishedAfterTheWaitIsNeverTakenForSuccess() {
        RoundDecision d = new RoundDecider(3, 2).decide(0, List.of(v(9, Outcome.NOT_FINISHED)), Map.of());

        assertThat(d.failed()).isEqualTo(IndexSet.of(9));
        assertThat(d.completed().isEmpty()).isTrue();
    }
}
