package dev.memescalate.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memescalate.ladder.TimeLimit;
import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

class ScontrolPropertiesTest {

    /** Whatever --time text the ladder writes, the partition-limit parser reads back the same duration. */
    @Property
    void readsBackEveryTimeLimitTheLadderWrites(@ForAll @LongRange(min = 1, max = 400L * 86_400) long seconds) {
        String slurmText = new TimeLimit(seconds).toSlurm();

        assertThat(ScontrolParser.parseTimeLimit(slurmText)).contains(Duration.ofSeconds(seconds));
    }

    /** Hostlist ranges expand to exactly high - low + 1 names, each with the prefix. */
    @Property
    void rangeExpandsToOneNamePerNumber(
            @ForAll @LongRange(min = 0, max = 500) long low, @ForAll @LongRange(min = 0, max = 50) long extra) {
        long high = low + extra;

        assertThat(Hostlist.expand("node[" + low + "-" + high + "]"))
                .hasSize((int) (extra + 1))
                .allSatisfy(name -> assertThat(name).startsWith("node"))
                .startsWith("node" + low)
                .endsWith("node" + high);
    }
}
