package dev.memescalate.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HostlistTest {

    @Test
    void expandsRangesListsAndPlainNames() {
        assertThat(Hostlist.expand("day[1-2]")).containsExactly("day1", "day2");
        assertThat(Hostlist.expand("devel1")).containsExactly("devel1");
        assertThat(Hostlist.expand("a[1-3,5],b7")).containsExactly("a1", "a2", "a3", "a5", "b7");
        assertThat(Hostlist.expand("day1,day2")).containsExactly("day1", "day2");
    }

    @Test
    void keepsZeroPaddingAndMultipliesSeveralGroups() {
        assertThat(Hostlist.expand("n[08-10]")).containsExactly("n08", "n09", "n10");
        assertThat(Hostlist.expand("r[1-2]n[1-2]")).containsExactly("r1n1", "r1n2", "r2n1", "r2n2");
    }

    @Test
    void partitionWithoutNodesGivesNone() {
        assertThat(Hostlist.expand("(null)")).isEmpty();
        assertThat(Hostlist.expand("")).isEmpty();
    }

    @Test
    void rejectsMalformedExpressionsNamingThem() {
        assertThatThrownBy(() -> Hostlist.expand("a[1-3")).hasMessageContaining("a[1-3");
        assertThatThrownBy(() -> Hostlist.expand("a[x-3]")).hasMessageContaining("bad range 'x-3'");
    }
}
