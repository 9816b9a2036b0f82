package dev.memescalate.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class YamlReaderTest {
    /** A null keeps its text, so a reader that takes words as written (a command's argv) can have them. */
    @Test
    void nullScalarsKeepTheTextAsWritten() {
        YamlNode.Mapping root = (YamlNode.Mapping) YamlReader.read("a: [null, ~, Null, '', x]\nb:\n", "t.yaml")
                .orElseThrow();

        List<YamlNode> items = ((YamlNode.Sequence) root.entry("a").orElseThrow().value()).items();
        assertThat(items).extracting(n -> ((YamlNode.Scalar) n).text()).containsExactly("null", "~", "Null", "", "x");
        assertThat(items).extracting(n -> ((YamlNode.Scalar) n).isNull())
                .containsExactly(true, true, true, true, false);
        assertThat(root.entry("b").orElseThrow().value()).isEqualTo(new YamlNode.Scalar("", true, 2));
    }
}
