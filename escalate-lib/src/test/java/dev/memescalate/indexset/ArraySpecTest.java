package dev.memescalate.indexset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memescalate.InvalidInputException;
import java.util.OptionalInt;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArraySpecTest {
    @Test
    void parsesTheFullSyntax() {
        ArraySpec spec = ArraySpec.parse("0-15:4,20,30-40%5");

        assertThat(spec.indices().toArray()).containsExactly(0, 4, 8, 12, 20, 30, 31, 32, 33, 34, 35, 36, 37, 38,
                39, 40);
        assertThat(spec.throttle()).hasValue(5);
    }

    @Test
    void acceptsOnePairOfEnclosingBracketsAsSlurmDoes() {
        assertThat(ArraySpec.parse("[0-19]%2")).isEqualTo(new ArraySpec(IndexSet.range(0, 19), OptionalInt.of(2)));
        assertThat(ArraySpec.parse("[4-9%4]")).isEqualTo(new ArraySpec(IndexSet.range(4, 9), OptionalInt.of(4)));
        assertThat(ArraySpec.parse("[3,5,12,30-33]").indices()).isEqualTo(ArraySpec.parse("3,5,12,30-33").indices());
    }

    @Test
    void aStepNeedNotLandOnTheLastIndex() {
        assertThat(ArraySpec.parse("1-10:4").indices().toArray()).containsExactly(1, 5, 9);
    }

    @Test
    void partsMayComeInAnyOrderAndOverlap() {
        ArraySpec spec = ArraySpec.parse("20-30,0-5,3-25:11,4");

        assertThat(spec.indices()).isEqualTo(IndexSet.range(0, 5).union(IndexSet.of(14)).union(IndexSet.range(20, 30)));
        assertThat(spec.throttle()).isEmpty();
    }

    @Test
    void acceptsASingleIndexRangeAndTheHighestIndexSlurmAllows() {
        assertThat(ArraySpec.parse("7-7").indices()).isEqualTo(IndexSet.of(7));
        assertThat(ArraySpec.parse("4000000").indices()).isEqualTo(IndexSet.of(4_000_000));
    }

    @Test
    void formatWritesTheShortestSpecAndTheThrottle() {
        assertThat(ArraySpec.parse("20,0,4,8,12,16,21,22,23%3").format()).isEqualTo("0-20:4,21-23%3");
        assertThat(ArraySpec.parse("8,0,4,12,13,14,15").format()).isEqualTo("0,4,8,12-15");
        assertThat(ArraySpec.parse("0-1000").format()).isEqualTo("0-1000");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0-5,9-3   | array spec \"0-5,9-3\": range 9-3 is backwards; write it as 3-9",
        "5-3       | range 5-3 is backwards",
        "-3        | part \"-3\": indices cannot be negative",
        "1,-3-5    | part \"-3-5\": indices cannot be negative",
        "0-9:0     | part \"0-9:0\": the step must be at least 1",
        "5:2       | part \"5:2\": a step needs a range; write it as 5-<last>:2",
        "1,,2      | part 2 is empty",
        "1,2,      | part 3 is empty",
        "''        | it names no indices",
        "abc       | part \"abc\" is not valid; write an index (7), a range (0-99) or a range with a step (0-99:3)",
        "0-5x      | part \"0-5x\" is not valid",
        "1 2       | part \"1 2\" is not valid",
        "0-5:      | part \"0-5:\" is not valid",
        "0--5      | part \"0--5\" is not valid",
        "+5        | part \"+5\" is not valid",
        "[0-5      | part \"[0-5\" is not valid",
        "[[0-5]]   | part \"[0-5]\" is not valid",
        "0-5%      | throttle \"%\" must be a whole number of at least 1",
        "0-5%0     | throttle \"%0\" must be a whole number of at least 1",
        "0-5%2%3   | throttle \"%2%3\"",
        "0-5%x     | throttle \"%x\"",
        "4000001   | index 4000001 in \"4000001\" is too large: Slurm never accepts an index above 4000000",
        "0-99999999999 | index 99999999999 in \"0-99999999999\" is too large",
    })
    void rejectsWhatSlurmRejectsAndSaysWhy(String spec, String message) {
        assertThatThrownBy(() -> ArraySpec.parse(spec)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(message);
    }

    @Test
    void rejectsIndicesAtOrAboveMaxArraySize() {
        assertThat(ArraySpec.parse("0-1000", 1001).indices().last()).isEqualTo(1000);
        assertThatThrownBy(() -> ArraySpec.parse("0-10,500-1001:501", 1001))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("array spec \"0-10,500-1001:501\": index 1001 in \"500-1001:501\" is not below"
                        + " MaxArraySize 1001; the highest index this cluster accepts is 1000");
    }

    @Test
    void errorMessagesQuoteLongSpecsShortened() {
        StringBuilder spec = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            spec.append(i).append(',');
        }
        spec.append("x");

        assertThatThrownBy(() -> ArraySpec.parse(spec.toString())).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("array spec \"0,1,2,3,")
                .hasMessageContaining("...\": part \"x\" is not valid")
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(200));
    }

    @Test
    void indexListsAcceptCommasSpacesAndNewlines() {
        IndexSet set = ArraySpec.parseIndexList(" 1, 2 \n 5-7\t0-20:10,,\n", 1001);

        assertThat(set.toArray()).containsExactly(0, 1, 2, 5, 6, 7, 10, 20);
    }

    @Test
    void indexListsRejectThrottlesAndNothing() {
        assertThatThrownBy(() -> ArraySpec.parseIndexList("1-5%2", 1001)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("indices \"1-5%2\": part \"1-5%2\" is not valid");
        assertThatThrownBy(() -> ArraySpec.parseIndexList(" \n ", 1001)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("it names no indices");
    }

    @Property(tries = 300)
    void compressedSpecsParseBackToTheSameSet(@ForAll("sets") IndexSet set,
            @ForAll @IntRange(min = 0, max = 200) int throttle) {
        OptionalInt maybeThrottle = throttle == 0 ? OptionalInt.empty() : OptionalInt.of(throttle);
        ArraySpec spec = new ArraySpec(set, maybeThrottle);

        assertThat(ArraySpec.parse(spec.format())).isEqualTo(spec);
        assertThat(ArraySpec.parse(ArraySpecs.formatRuns(set)).indices()).isEqualTo(set);
        assertThat(ArraySpec.parse(IndexSets.plainList(set)).indices()).isEqualTo(set);
    }

    @Property(tries = 200)
    void formatIsStableAfterOneRoundTrip(@ForAll("sets") IndexSet set) {
        String once = ArraySpecs.compress(set);

        assertThat(ArraySpecs.compress(ArraySpec.parse(once).indices())).isEqualTo(once);
        assertThat(ArraySpecs.formatRuns(ArraySpec.parse(once).indices())).isEqualTo(ArraySpecs.formatRuns(set));
    }

    @Provide
    Arbitrary<IndexSet> sets() {
        return IndexSets.nonEmpty();
    }
}
