package dev.memescalate.ladder;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class LadderAtTest {
    private static final LevelOptions BIG = new LevelOptions(Optional.of("long"), Optional.empty(),
            Optional.of("bigmem"), OptionalInt.of(2), Optional.empty(), List.of("--exclusive"));
    private static final Ladder LADDER = new Ladder(List.of(
            new Level(0, List.of("short"), MemorySize.parse("100M"), TimeLimit.parse("1:00")),
            new Level(1, List.of("week", "short"), MemorySize.parse("800M"), TimeLimit.parse("2:00"), BIG)));

    @Test
    void aPairTakesMemoryOfItsMemoryLevelTimeOfItsTimeLevelAndTheRestOfTheHigher() {
        Level memoryUp = LADDER.at(new LevelPair(1, 0));
        Level timeUp = LADDER.at(new LevelPair(0, 1));

        assertThat(memoryUp.mem()).isEqualTo(MemorySize.parse("800M"));
        assertThat(memoryUp.time()).isEqualTo(TimeLimit.parse("1:00"));
        assertThat(timeUp.mem()).isEqualTo(MemorySize.parse("100M"));
        assertThat(timeUp.time()).isEqualTo(TimeLimit.parse("2:00"));
        for (Level l : List.of(memoryUp, timeUp)) {
            assertThat(l.number()).isEqualTo(1);
            assertThat(l.partitions()).containsExactly("week", "short");
            assertThat(l.options()).isEqualTo(BIG);
        }
    }

    @Test
    void oneLevelTwiceIsThatLevel() {
        assertThat(LADDER.at(LevelPair.lockstep(0))).isSameAs(LADDER.level(0));
        assertThat(LADDER.at(LevelPair.lockstep(1))).isSameAs(LADDER.level(1));
    }
}
