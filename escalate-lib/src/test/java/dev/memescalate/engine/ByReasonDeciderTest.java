package dev.memescalate.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memescalate.indexset.IndexSet;
import dev.memescalate.ladder.LevelPair;
import dev.memescalate.policy.ExitCodeRule;
import dev.memescalate.policy.Outcome;
import dev.memescalate.policy.Raise;
import dev.memescalate.policy.StatePolicy;
import dev.memescalate.policy.Action;
import dev.memescalate.policy.Classification;
import dev.memescalate.slurm.ExitCode;
import dev.memescalate.slurm.JobState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * {@code escalation: by_reason}: the state policy says which resource an escalated task lacked, the decider raises
 * that level only, and sends each (memory, time) pair to its own next round.
 */
class ByReasonDeciderTest {
    /** The defaults plus the memory-signature rules the README suggests, and a user's {@code 1: escalate}. */
    private static final StatePolicy POLICY = policyWithRules(List.of(
            new ExitCodeRule(OptionalInt.of(137), OptionalInt.empty(), Action.ESCALATE),
            new ExitCodeRule(OptionalInt.of(0), OptionalInt.of(9), Action.ESCALATE),
            new ExitCodeRule(OptionalInt.empty(), OptionalInt.of(9), Action.ESCALATE),
            new ExitCodeRule(OptionalInt.of(1), OptionalInt.empty(), Action.ESCALATE)));

    private static StatePolicy policyWithRules(List<ExitCodeRule> rules) {
        Map<JobState, Action> actions = new LinkedHashMap<>(StatePolicy.defaults().stateActions());
        actions.put(JobState.FAILED, Action.ESCALATE); // a user's FAILED: escalate
        return new StatePolicy(actions, rules);
    }

    /** A verdict as the handler makes it: the policy classifies what sacct said. */
    private static TaskVerdict judged(int index, JobState state, String exitCode) {
        Classification c = POLICY.classify(state, state.name(), ExitCode.parse(exitCode));
        return new TaskVerdict(index, c.outcome(), c.reason(), c.raise());
    }

    @Test
    void eachReasonRaisesItsDimension() {
        assertThat(judged(0, JobState.OUT_OF_MEMORY, "0:125").raise()).isEqualTo(Raise.MEMORY);
        assertThat(judged(0, JobState.TIMEOUT, "0:0").raise()).isEqualTo(Raise.TIME);
        assertThat(judged(0, JobState.FAILED, "137:0").raise()).isEqualTo(Raise.MEMORY);
        assertThat(judged(0, JobState.FAILED, "0:9").raise()).isEqualTo(Raise.MEMORY);
        assertThat(judged(0, JobState.FAILED, "5:9").raise()).isEqualTo(Raise.MEMORY); // *:9
        assertThat(judged(0, JobState.FAILED, "1:0").raise()).isEqualTo(Raise.BOTH); // rule 1: escalate
        assertThat(judged(0, JobState.FAILED, "2:0").raise()).isEqualTo(Raise.BOTH); // FAILED: escalate
        assertThat(judged(0, JobState.FAILED, "2:0").outcome()).isEqualTo(Outcome.ESCALATE);
    }

    @Test
    void aRoundSplitsIntoOneNextRoundPerPair() {
        RoundDecider decider = new RoundDecider(3, 2, true);
        List<TaskVerdict> verdicts = List.of(
                judged(0, JobState.OUT_OF_MEMORY, "0:125"),
                judged(1, JobState.TIMEOUT, "0:0"),
                judged(2, JobState.FAILED, "137:0"),
                judged(3, JobState.FAILED, "0:9"),
                judged(4, JobState.FAILED, "1:0"),
                judged(5, JobState.COMPLETED, "0:0"),
                judged(6, JobState.NODE_FAIL, "0:0"));

        RoundDecision d = decider.decide(new LevelPair(1, 0), verdicts, Map.of());

        assertThat(d.escalations()).containsExactly(
                Map.entry(new LevelPair(1, 1), IndexSet.of(1)),
                Map.entry(new LevelPair(2, 0), IndexSet.of(0, 2, 3)),
                Map.entry(new LevelPair(2, 1), IndexSet.of(4)));
        assertThat(d.escalate()).isEqualTo(IndexSet.of(0, 1, 2, 3, 4));
        assertThat(d.completed()).isEqualTo(IndexSet.of(5));
        assertThat(d.retry()).isEqualTo(IndexSet.of(6)); // retried at (1, 0) by the handler: the round's own pair
        assertThat(d.taskCount()).isEqualTo(verdicts.size());
    }

    @Test
    void aTaskWhoseNeededDimensionIsAtTheTopIsExhaustedThoughTheOtherIsNot() {
        RoundDecider decider = new RoundDecider(2, 2, true);
        List<TaskVerdict> verdicts = List.of(judged(0, JobState.OUT_OF_MEMORY, "0:125"),
                judged(1, JobState.TIMEOUT, "0:0"));

        RoundDecision d = decider.decide(new LevelPair(2, 0), verdicts, Map.of());

        assertThat(d.exhausted()).isEqualTo(IndexSet.of(0));
        assertThat(d.reasons().get(0)).endsWith("at memory level 2, the highest allowed");
        assertThat(d.escalations()).containsExactly(Map.entry(new LevelPair(2, 1), IndexSet.of(1)));
    }

    @Test
    void timeAtTheTopExhaustsTimeoutsOnly() {
        RoundDecision d = new RoundDecider(1, 2, true).decide(new LevelPair(0, 1),
                List.of(judged(0, JobState.TIMEOUT, "0:0"), judged(1, JobState.OUT_OF_MEMORY, "0:125")), Map.of());

        assertThat(d.exhausted()).isEqualTo(IndexSet.of(0));
        assertThat(d.reasons().get(0)).endsWith("at time level 1, the highest allowed");
        assertThat(d.escalations()).containsExactly(Map.entry(new LevelPair(1, 1), IndexSet.of(1)));
    }

    @Test
    void maxLevelBelowTheTopCapsEachDimension() {
        // --max-level=1 on a longer ladder: the highest allowed is 1 for memory and time alike.
        RoundDecider decider = new RoundDecider(1, 2, true);

        RoundDecision d = decider.decide(new LevelPair(1, 1), List.of(judged(0, JobState.OUT_OF_MEMORY, "0:125"),
                judged(1, JobState.TIMEOUT, "0:0"), judged(2, JobState.FAILED, "1:0")), Map.of());

        assertThat(d.exhausted()).isEqualTo(IndexSet.of(0, 1, 2));
        assertThat(d.reasons().get(2)).endsWith("at memory level 1 and time level 1, the highest allowed");
        assertThat(d.nothingLeftToRun()).isTrue();
    }

    @Test
    void aGenericEscalationRaisesWhatStillCanWhenOneDimensionIsAtTheTop() {
        RoundDecision d = new RoundDecider(2, 2, true).decide(new LevelPair(2, 0),
                List.of(judged(0, JobState.FAILED, "1:0")), Map.of());

        assertThat(d.escalations()).containsExactly(Map.entry(new LevelPair(2, 1), IndexSet.of(0)));
    }

    @Test
    void separateLaddersOfUnequalLengthsHaveATopEach() {
        // memory: 4 steps (top 3), time: 2 steps (top 1)
        RoundDecider decider = new RoundDecider(3, 1, 2, true);

        RoundDecision d = decider.decide(new LevelPair(1, 1), List.of(judged(0, JobState.TIMEOUT, "0:0"),
                judged(1, JobState.OUT_OF_MEMORY, "0:125"), judged(2, JobState.FAILED, "1:0")), Map.of());

        assertThat(d.exhausted()).isEqualTo(IndexSet.of(0));
        assertThat(d.reasons().get(0)).endsWith("at time level 1, the highest allowed");
        assertThat(d.escalations()).as("OOM still rises; a generic escalation raises only memory, which still can")
                .containsExactly(Map.entry(new LevelPair(2, 1), IndexSet.of(1, 2)));
    }

    @Test
    void theLongerDimensionRisesPastTheShortersTop() {
        RoundDecision d = new RoundDecider(3, 1, 2, true).decide(new LevelPair(3, 0),
                List.of(judged(0, JobState.OUT_OF_MEMORY, "0:125"), judged(1, JobState.TIMEOUT, "0:0")), Map.of());

        assertThat(d.exhausted()).isEqualTo(IndexSet.of(0));
        assertThat(d.reasons().get(0)).endsWith("at memory level 3, the highest allowed");
        assertThat(d.escalations()).containsExactly(Map.entry(new LevelPair(3, 1), IndexSet.of(1)));
    }

    @Test
    void aLockstepDeciderHasOneTop() {
        assertThatThrownBy(() -> new RoundDecider(3, 1, 2, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("memory 3 and time 1");
    }

    @Test
    void lockstepIgnoresTheReason() {
        RoundDecision d = new RoundDecider(3, 2).decide(1, List.of(judged(0, JobState.OUT_OF_MEMORY, "0:125"),
                judged(1, JobState.TIMEOUT, "0:0")), Map.of());

        assertThat(d.escalations()).containsExactly(Map.entry(LevelPair.lockstep(2), IndexSet.of(0, 1)));
    }

    @Test
    void lockstepRefusesAPairThatIsNotOneLevelTwice() {
        assertThatThrownBy(() -> new RoundDecider(3, 2).decide(new LevelPair(1, 0), new ArrayList<>(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(1, 0)");
    }
}
