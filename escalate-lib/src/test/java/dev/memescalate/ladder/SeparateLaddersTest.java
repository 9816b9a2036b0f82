package dev.memescalate.ladder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a pair of separate memory and time steps runs with, and each dimension's own top. */
class SeparateLaddersTest {
    private static final LevelOptions QOS = new LevelOptions(Optional.of("normal"), Optional.empty(),
            Optional.empty(), java.util.OptionalInt.empty(), Optional.empty(), List.of());
    /** Memory 4 steps (the last two with rules), time 2 steps (the second with a rule); default short,day. */
    private static final SeparateLadders STEPS = new SeparateLadders(
            List.of(Step.of(MemorySize.parse("1G")), Step.of(MemorySize.parse("2G")),
                    Step.of(MemorySize.parse("8G"), List.of("bigmem", "week", "pi")),
                    Step.of(MemorySize.parse("64G"), List.of("pi"))),
            List.of(Step.of(TimeLimit.parse("1:00:00")),
                    Step.of(TimeLimit.parse("8:00:00"), List.of("pi", "week", "long"))),
            Optional.of(List.of("short", "day")), QOS);
    private static final Ladder LADDER = Ladder.separate(STEPS);

    @Test
    void aPairRunsInTheIntersectionOfItsStepsRulesInTheMemoryStepsOrder() {
        assertThat(STEPS.partitions(new LevelPair(2, 1))).containsExactly("week", "pi");
        assertThat(STEPS.partitions(new LevelPair(3, 1))).containsExactly("pi");
    }

    @Test
    void aStepWithoutARuleAllowsWhatTheOtherStepAllows() {
        assertThat(STEPS.partitions(new LevelPair(2, 0))).containsExactly("bigmem", "week", "pi");
        assertThat(STEPS.partitions(new LevelPair(0, 1))).containsExactly("pi", "week", "long");
    }

    @Test
    void aPairOfStepsWithoutRulesRunsInTheDefault() {
        assertThat(STEPS.partitions(new LevelPair(1, 0))).containsExactly("short", "day");
        SeparateLadders noDefault = new SeparateLadders(STEPS.memory(), STEPS.time(), Optional.empty(),
                LevelOptions.NONE);
        assertThat(noDefault.partitions(new LevelPair(1, 0))).isEmpty();
        assertThatThrownBy(() -> noDefault.at(new LevelPair(1, 0))).hasMessage("memory step 1 (2G) and time step 0"
                + " (01:00:00) share no partition");
    }

    @Test
    void aPairTakesItsMemoryStepsMemoryItsTimeStepsTimeAndTheChainWideOptions() {
        Level level = LADDER.at(new LevelPair(3, 0));

        assertThat(level.mem()).isEqualTo(MemorySize.parse("64G"));
        assertThat(level.time()).isEqualTo(TimeLimit.parse("1:00:00"));
        assertThat(level.partitions()).containsExactly("pi");
        assertThat(level.options()).isEqualTo(QOS);
        assertThat(level.number()).as("numbered as the higher level").isEqualTo(3);
    }

    @Test
    void eachDimensionHasItsOwnTop() {
        assertThat(LADDER.memoryTop()).isEqualTo(3);
        assertThat(LADDER.timeTop()).isEqualTo(1);
        assertThat(LADDER.topLevel()).isEqualTo(3);
        assertThat(LADDER.memory(3)).isEqualTo(MemorySize.parse("64G"));
        assertThat(LADDER.time(1)).isEqualTo(TimeLimit.parse("8:00:00"));
    }

    @Test
    void aStartLevelIsCappedAtEachDimensionsTop() {
        assertThat(LADDER.startPair(0)).isEqualTo(new LevelPair(0, 0));
        assertThat(LADDER.startPair(1)).isEqualTo(new LevelPair(1, 1));
        assertThat(LADDER.startPair(3)).isEqualTo(new LevelPair(3, 1));
        assertThat(LADDER.level(3)).isEqualTo(LADDER.at(new LevelPair(3, 1)));
        assertThat(LADDER.isLevel(new LevelPair(2, 1))).isTrue();
        assertThat(LADDER.isLevel(new LevelPair(2, 0))).isFalse();
    }

    @Test
    void aLadderOfLevelsHasOneTopForBoth() {
        Ladder levels = new Ladder(List.of(
                new Level(0, List.of("day"), MemorySize.parse("1G"), TimeLimit.parse("1:00")),
                new Level(1, List.of("week"), MemorySize.parse("2G"), TimeLimit.parse("2:00"))));

        assertThat(levels.memoryTop()).isEqualTo(1);
        assertThat(levels.timeTop()).isEqualTo(1);
        assertThat(levels.startPair(1)).isEqualTo(LevelPair.lockstep(1));
        assertThat(levels.isSeparate()).isFalse();
        assertThat(levels.memory(1)).isEqualTo(MemorySize.parse("2G"));
    }
}
