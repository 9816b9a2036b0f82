package dev.memescalate.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memescalate.InvalidInputException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GresAndFeaturesTest {
    @Test
    void aGresRequestHasANameAnOptionalTypeAndACountOfOneByDefault() {
        assertThat(Gres.parseRequest("gpu")).containsExactly(new Gres("gpu", Optional.empty(), 1));
        assertThat(Gres.parseRequest("gpu:2")).containsExactly(new Gres("gpu", Optional.empty(), 2));
        assertThat(Gres.parseRequest("gpu:a100")).containsExactly(new Gres("gpu", Optional.of("a100"), 1));
        assertThat(Gres.parseRequest("gpu:a100:2,fpga:1")).containsExactly(new Gres("gpu", Optional.of("a100"), 2),
                new Gres("fpga", Optional.empty(), 1));
        assertThat(Gres.parseRequest("bandwidth:1K")).containsExactly(new Gres("bandwidth", Optional.empty(), 1024));
    }

    @Test
    void aBadGresSaysTheForm() {
        assertThatThrownBy(() -> Gres.parseRequest("gpu:")).isInstanceOf(InvalidInputException.class)
                .hasMessage("gres 'gpu:': 'gpu:' is not a generic resource; write NAME[:TYPE][:COUNT], comma"
                        + " separated (gpu:1, gpu:a100:2)");
        assertThatThrownBy(() -> Gres.parseRequest("gpu:0")).hasMessageContaining("asks for 0");
        assertThatThrownBy(() -> Gres.parseRequest("gpu 1")).hasMessageContaining("is not a generic resource");
        assertThatThrownBy(() -> Gres.parseRequest("")).hasMessageContaining("is empty");
    }

    @Test
    void aNodesGresFieldAsScontrolPrintsIt() {
        // "fpga:2" is pi1's, captured in scontrol-sites/show-node-o.txt; the others are forms of man scontrol.
        assertThat(Gres.parseNode("fpga:2")).containsExactly(new Gres("fpga", Optional.empty(), 2));
        assertThat(Gres.parseNode("gpu:tesla:2(S:0-1),fpga:1")).containsExactly(
                new Gres("gpu", Optional.of("tesla"), 2), new Gres("fpga", Optional.empty(), 1));
        assertThat(Gres.parseNode("(null)")).isEmpty();
    }

    @Test
    void aRequestIsMetByTheSameNameWithEnoughAndTheTypeWhenOneIsAsked() {
        Gres tesla2 = new Gres("gpu", Optional.of("tesla"), 2);

        assertThat(Gres.parseRequest("gpu:2").get(0).isMetBy(tesla2)).isTrue();
        assertThat(Gres.parseRequest("gpu:tesla:1").get(0).isMetBy(tesla2)).isTrue();
        assertThat(Gres.parseRequest("gpu:a100:1").get(0).isMetBy(tesla2)).isFalse();
        assertThat(Gres.parseRequest("gpu:3").get(0).isMetBy(tesla2)).isFalse();
        assertThat(Gres.parseRequest("fpga").get(0).isMetBy(tesla2)).isFalse();
    }

    @Test
    void aPlainConstraintIsJudgedNodeByNode() {
        FeatureExpression e = FeatureExpression.parse("bigmem&fast|huge");

        assertThat(e.names()).containsExactlyInAnyOrder("bigmem", "fast", "huge");
        assertThat(e.isMetBy(Set.of("bigmem", "fast"))).contains(true);
        assertThat(e.isMetBy(Set.of("bigmem"))).contains(false);
        assertThat(e.isMetBy(Set.of("huge"))).contains(true);
    }

    @Test
    void richerConstraintsNameTheirFeaturesButAreNotJudged() {
        FeatureExpression e = FeatureExpression.parse("[rack1*2&rack2*4]");

        assertThat(e.names()).containsExactlyInAnyOrder("rack1", "rack2");
        assertThat(e.isMetBy(Set.of())).isEmpty();
    }

    @Test
    void aConstraintWithBlanksOrEmptyNamesIsRefused() {
        for (String bad : List.of("bigmem && fast", "bigmem&", "|fast", "", "a;b")) {
            assertThatThrownBy(() -> FeatureExpression.parse(bad)).as(bad)
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("constraint '" + bad + "'");
        }
    }
}
