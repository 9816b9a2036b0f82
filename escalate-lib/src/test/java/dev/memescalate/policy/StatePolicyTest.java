package dev.memescalate.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memescalate.indexset.IndexSet;
import dev.memescalate.slurm.ExitCode;
import dev.memescalate.slurm.Fixtures;
import dev.memescalate.slurm.JobState;
import dev.memescalate.slurm.SacctFormat;
import dev.memescalate.slurm.SacctParser;
import dev.memescalate.slurm.TaskAccounting;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class StatePolicyTest {
    private static final StatePolicy DEFAULTS = StatePolicy.defaults();

    private static ExitCodeRule rule(Integer rc, Integer signal, Action action) {
        return new ExitCodeRule(rc == null ? OptionalInt.empty() : OptionalInt.of(rc),
                signal == null ? OptionalInt.empty() : OptionalInt.of(signal), action);
    }

    private static Outcome classify(StatePolicy policy, String stateText, String exitCode) {
        return policy.classify(JobState.parse(stateText), stateText, ExitCode.parse(exitCode)).outcome();
    }

    /** Every state of JobState (the JOB STATE CODES of man sacct and the squeue-only ones), under the defaults. */
    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
        // man sacct, JOB STATE CODES
        "BOOT_FAIL,      0:0,   RETRY_SAME_LEVEL",
        "CANCELLED,      0:0,   FAILED",
        "CANCELLED by 0, 0:0,   FAILED",
        "COMPLETED,      0:0,   COMPLETED",
        "DEADLINE,       0:0,   FAILED",
        "FAILED,         1:0,   FAILED",
        "FAILED,         0:9,   FAILED",
        "NODE_FAIL,      0:0,   RETRY_SAME_LEVEL",
        "OUT_OF_MEMORY,  0:125, ESCALATE",
        "PENDING,        0:0,   NOT_FINISHED",
        "PREEMPTED,      0:0,   RETRY_SAME_LEVEL",
        "RUNNING,        0:0,   NOT_FINISHED",
        "REQUEUED,       0:0,   NOT_FINISHED",
        "RESIZING,       0:0,   NOT_FINISHED",
        "REVOKED,        0:0,   FAILED",
        "SUSPENDED,      0:0,   NOT_FINISHED",
        "TIMEOUT,        0:0,   ESCALATE",
        // squeue-only and transient states
        "REQUEUE_HOLD,   0:0,   NOT_FINISHED",
        "REQUEUE_FED,    0:0,   NOT_FINISHED",
        "STOPPED,        0:0,   NOT_FINISHED",
        "CONFIGURING,    0:0,   NOT_FINISHED",
        "COMPLETING,     0:0,   NOT_FINISHED",
        "RESV_DEL_HOLD,  0:0,   NOT_FINISHED",
        "SPECIAL_EXIT,   0:0,   NOT_FINISHED",
        "SIGNALING,      0:0,   NOT_FINISHED",
        "STAGE_OUT,      0:0,   NOT_FINISHED",
        // forms sacct prints and strings no Slurm prints
        "RUNNING+,       0:0,   NOT_FINISHED",
        "TIMEOUT+,       0:0,   ESCALATE",
        "SOMETHING_NEW,  0:0,   UNKNOWN",
        "UNKNOWN,        0:0,   UNKNOWN",
        "'',             0:0,   UNKNOWN",
        // COMPLETED with an exit code it cannot have is not trusted as success
        "COMPLETED,      1:0,   FAILED",
    })
    void defaultsForEveryState(String stateText, String exitCode, Outcome expected) {
        assertThat(classify(DEFAULTS, stateText, exitCode)).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(JobState.class)
    void everyStateIsCoveredByTheTableAbove(JobState state) {
        Classification classification = DEFAULTS.classify(state, state.name(), new ExitCode(0, 0));

        boolean success = classification.outcome() == Outcome.COMPLETED;
        assertThat(success).isEqualTo(state == JobState.COMPLETED);
        assertThat(classification.outcome() == Outcome.NOT_FINISHED)
                .isEqualTo(!state.isTerminal() && state != JobState.UNKNOWN);
        assertThat(classification.reason()).contains(state.name());
    }

    @Test
    void defaultsAreTheDocumentedTable() {
        Map<JobState, Action> expected = new EnumMap<>(JobState.class);
        expected.put(JobState.OUT_OF_MEMORY, Action.ESCALATE);
        expected.put(JobState.TIMEOUT, Action.ESCALATE);
        expected.put(JobState.DEADLINE, Action.NO_RETRY);
        expected.put(JobState.FAILED, Action.NO_RETRY);
        expected.put(JobState.CANCELLED, Action.NO_RETRY);
        expected.put(JobState.NODE_FAIL, Action.RETRY);
        expected.put(JobState.PREEMPTED, Action.RETRY);
        expected.put(JobState.BOOT_FAIL, Action.RETRY);
        expected.put(JobState.REVOKED, Action.NO_RETRY);

        assertThat(DEFAULTS.stateActions()).isEqualTo(expected);
        assertThat(DEFAULTS.exitCodeRules()).isEmpty();
    }

    static Stream<Arguments> rulePrecedence() {
        return Stream.of(
                Arguments.of(List.of(rule(137, null, Action.ESCALATE)), "FAILED", "137:0", Outcome.ESCALATE),
                Arguments.of(List.of(rule(0, 9, Action.ESCALATE)), "FAILED", "0:9", Outcome.ESCALATE),
                Arguments.of(List.of(rule(null, 9, Action.ESCALATE)), "FAILED", "0:9", Outcome.ESCALATE),
                Arguments.of(List.of(rule(null, 9, Action.ESCALATE)), "FAILED", "1:0", Outcome.FAILED),
                Arguments.of(List.of(rule(0, 125, Action.NO_RETRY)), "OUT_OF_MEMORY", "0:125", Outcome.FAILED),
                Arguments.of(List.of(rule(0, 9, Action.ESCALATE)), "OUT_OF_MEMORY", "0:125", Outcome.ESCALATE),
                Arguments.of(List.of(rule(1, null, Action.RETRY)), "FAILED", "1:0", Outcome.RETRY_SAME_LEVEL),
                Arguments.of(List.of(rule(1, null, Action.RETRY), rule(1, null, Action.ESCALATE)), "FAILED", "1:0",
                        Outcome.RETRY_SAME_LEVEL),
                // rules never touch success, unfinished tasks or unknown states
                Arguments.of(List.of(rule(null, 0, Action.ESCALATE)), "COMPLETED", "0:0", Outcome.COMPLETED),
                Arguments.of(List.of(rule(null, 0, Action.ESCALATE)), "RUNNING", "0:0", Outcome.NOT_FINISHED),
                Arguments.of(List.of(rule(null, 0, Action.ESCALATE)), "NEW_STATE", "0:0", Outcome.UNKNOWN),
                // ... but do apply to a failure state with 0:0
                Arguments.of(List.of(rule(null, 0, Action.RETRY)), "CANCELLED by 0", "0:0", Outcome.RETRY_SAME_LEVEL));
    }

    @ParameterizedTest(name = "{0}: {1} {2} -> {3}")
    @MethodSource
    void rulePrecedence(List<ExitCodeRule> rules, String state, String exit, Outcome expected) {
        StatePolicy policy = new StatePolicy(DEFAULTS.stateActions(), rules);

        assertThat(classify(policy, state, exit)).isEqualTo(expected);
    }

    @Test
    void theReasonNamesTheRuleOrTheState() {
        StatePolicy policy = new StatePolicy(DEFAULTS.stateActions(), List.of(rule(0, 9, Action.ESCALATE)));

        assertThat(policy.classify(JobState.FAILED, "FAILED", new ExitCode(0, 9)).reason())
                .isEqualTo("state FAILED 0:9: exit-code rule 0:9 -> escalate");
        assertThat(policy.classify(JobState.OUT_OF_MEMORY, "OUT_OF_MEMORY", new ExitCode(0, 125)).reason())
                .isEqualTo("state OUT_OF_MEMORY 0:125 -> escalate");
    }

    @Test
    void aTerminalStateWithoutAnActionIsAFinalFailure() {
        StatePolicy onlyOom = new StatePolicy(Map.of(JobState.OUT_OF_MEMORY, Action.ESCALATE), List.of());

        Classification timeout = onlyOom.classify(JobState.TIMEOUT, "TIMEOUT", new ExitCode(0, 0));

        assertThat(timeout.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(timeout.reason()).contains("no action configured");
    }

    @Test
    void anEmptyPolicyIsValid() {
        StatePolicy none = new StatePolicy(Map.of(), List.of());

        assertThat(none.classify(JobState.OUT_OF_MEMORY, "OUT_OF_MEMORY", new ExitCode(0, 125)).outcome())
                .isEqualTo(Outcome.FAILED);
    }

    @ParameterizedTest
    @EnumSource(value = JobState.class, names = {"COMPLETED", "PENDING", "RUNNING", "REQUEUED", "UNKNOWN"})
    void anActionForSuccessOrAnUnfinishedStateIsRejected(JobState state) {
        assertThatThrownBy(() -> new StatePolicy(Map.of(state, Action.ESCALATE), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("stateActions").hasMessageContaining(state.name());
    }

    @Test
    void aRuleMatchingOnlyTheSuccessCodeIsRejected() {
        assertThatThrownBy(() -> new StatePolicy(Map.of(), List.of(rule(0, null, Action.ESCALATE))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'0'");
        assertThatThrownBy(() -> new StatePolicy(Map.of(), List.of(rule(0, 0, Action.RETRY))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'0:0'");
    }

    @Test
    void thePolicyIsACopy() {
        Map<JobState, Action> actions = new EnumMap<>(JobState.class);
        actions.put(JobState.TIMEOUT, Action.ESCALATE);
        StatePolicy policy = new StatePolicy(actions, List.of());

        actions.put(JobState.TIMEOUT, Action.NO_RETRY);

        assertThat(policy.stateActions()).containsEntry(JobState.TIMEOUT, Action.ESCALATE);
        assertThatThrownBy(() -> policy.stateActions().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void noRowYetIsNotFinished() {
        assertThat(DEFAULTS.classify(Optional.empty()).outcome()).isEqualTo(Outcome.NOT_FINISHED);
    }

    @Test
    void theMixedFixtureArrayUnderTheDefaultsAndUnderAnOomKillRule() {
        TaskAccounting accounting = TaskAccounting.fold(134, IndexSet.range(0, 11),
                new SacctParser(SacctFormat.STANDARD).parse(Fixtures.slurm2205("sacct-P-steps-final.txt")));
        StatePolicy withSigkillRule = new StatePolicy(DEFAULTS.stateActions(), List.of(rule(0, 9, Action.ESCALATE)));

        assertThat(DEFAULTS.classifyAll(accounting).values()).extracting(Classification::outcome).containsExactly(
                Outcome.COMPLETED, Outcome.COMPLETED, Outcome.COMPLETED, Outcome.ESCALATE, Outcome.FAILED,
                Outcome.FAILED, Outcome.ESCALATE, Outcome.FAILED, Outcome.COMPLETED, Outcome.COMPLETED,
                Outcome.COMPLETED, Outcome.COMPLETED);
        assertThat(withSigkillRule.classifyAll(accounting).get(5).outcome()).isEqualTo(Outcome.ESCALATE);
    }

    @Test
    void theRunningFixtureIsNotFinishedForEveryTask() {
        TaskAccounting accounting = TaskAccounting.fold(134, IndexSet.range(0, 11),
                new SacctParser(SacctFormat.STANDARD).parse(Fixtures.slurm2205("sacct-X-P-running.txt")));

        assertThat(DEFAULTS.classifyAll(accounting).values()).extracting(Classification::outcome)
                .containsOnly(Outcome.NOT_FINISHED).hasSize(12);
    }

    @Test
    void theCancelledBeforeStartFixtureIsAFinalFailureForEveryTask() {
        TaskAccounting accounting = TaskAccounting.fold(148, IndexSet.range(0, 4),
                new SacctParser(SacctFormat.STANDARD).parse(Fixtures.slurm2205("sacct-X-P-cancelled-before-start.txt")));

        assertThat(DEFAULTS.classifyAll(accounting).values()).extracting(Classification::outcome)
                .containsOnly(Outcome.FAILED).hasSize(5);
    }

    /** Every State word in the squeue fixtures is a known state (squeue prints CANCELLED without "by uid"). */
    @ParameterizedTest
    @CsvSource({"squeue-running.txt", "squeue-after-dependencies.txt", "squeue-partition-time-limit.txt"})
    void everySqueueStateInTheFixturesIsKnown(String fixture) {
        List<String> rows = Fixtures.slurm2205(fixture).lines().skip(1).toList();

        assertThat(rows).isNotEmpty();
        for (String row : rows) {
            String stateText = row.split("\\|")[2];
            assertThat(JobState.parse(stateText)).as(row).isNotEqualTo(JobState.UNKNOWN);
            assertThat(DEFAULTS.classify(JobState.parse(stateText), stateText, ExitCode.SUCCESS).outcome())
                    .as(row).isNotEqualTo(Outcome.UNKNOWN);
        }
    }
}
