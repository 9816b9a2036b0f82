package dev.memescalate.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memescalate.indexset.IndexSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** The fold's safety rules over random answers derived from the real steps fixture of array 134. */
class TaskAccountingPropertiesTest {
    private static final SacctParser PARSER = new SacctParser(SacctFormat.STANDARD);
    private static final IndexSet ARRAY_134 = IndexSet.range(0, 11);
    private static final List<String> LINES = Fixtures.slurm2205("sacct-P-steps-final.txt").lines().toList();

    @Property
    void anAnswerMissingAnyAllocationRowIsNeverComplete(@ForAll long seed, @ForAll @IntRange(min = 1, max = 24) int drop) {
        List<String> lines = new ArrayList<>(LINES);
        Collections.shuffle(lines, new Random(seed));
        List<String> dropped = lines.subList(0, drop);
        boolean droppedAnAllocationRow = dropped.stream().anyMatch(line -> !line.split("\\|")[0].contains("."));
        List<String> kept = lines.subList(drop, lines.size());

        TaskAccounting accounting = TaskAccounting.fold(134, ARRAY_134, PARSER.parse(String.join("\n", kept)));

        assertThat(accounting.isComplete()).isEqualTo(!droppedAnAllocationRow);
        assertThat(accounting.missing().size()).isEqualTo((int) dropped.stream()
                .filter(line -> !line.split("\\|")[0].contains(".")).count());
    }

    @Property
    void rowOrderDoesNotMatter(@ForAll long seed) {
        List<String> lines = new ArrayList<>(LINES);
        Collections.shuffle(lines, new Random(seed));

        TaskAccounting shuffled = TaskAccounting.fold(134, ARRAY_134, PARSER.parse(String.join("\n", lines)));
        TaskAccounting inOrder = TaskAccounting.fold(134, ARRAY_134, PARSER.parse(String.join("\n", LINES)));

        assertThat(shuffled.tasks()).isEqualTo(inOrder.tasks());
    }

    @Property
    void aCorruptedLineIsRejectedAndNeverComplete(@ForAll @IntRange(min = 0, max = 23) int line,
            @ForAll @IntRange(min = 0, max = 11) int fieldToDrop) {
        List<String> lines = new ArrayList<>(LINES);
        List<String> fields = new ArrayList<>(List.of(lines.get(line).split("\\|", -1)));
        fields.remove(fieldToDrop);
        lines.set(line, String.join("|", fields));

        TaskAccounting accounting = TaskAccounting.fold(134, ARRAY_134, PARSER.parse(String.join("\n", lines)));

        assertThat(accounting.rejects()).hasSize(1);
        assertThat(accounting.isComplete()).isFalse();
    }

    @Property
    void aPlainRowOtherThanCancelledNeverCompletesAnything(@ForAll("plainStates") String state) {
        String plain = "134|allocation|day|" + state + "|0:0|200M|00:01:00|00:00:03||day1|"
                + "2026-11-21T19:41:52|2026-11-21T19:41:53|2026-11-21T19:41:56";

        TaskAccounting accounting = TaskAccounting.fold(134, ARRAY_134, PARSER.parse(plain));

        assertThat(accounting.tasks()).isEmpty();
        assertThat(accounting.isComplete()).isFalse();
    }

    @Provide
    Arbitrary<String> plainStates() {
        Set<JobState> notCancelled = EnumSet.complementOf(EnumSet.of(JobState.CANCELLED));
        return Arbitraries.of(notCancelled).map(JobState::name);
    }
}
