package dev.memescalate.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class LineSplitterTest {

    /** The lines as SacctParser sees them: split at \n, one \r before it dropped, no empty line after a final \n. */
    static List<String> expectedLines(String text) {
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        if (lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines.stream().map(line -> line.endsWith("\r") ? line.substring(0, line.length() - 1) : line).toList();
    }

    private static List<String> collect(String text) {
        List<String> lines = new ArrayList<>();
        LineSplitter.forEachLine(text, line -> lines.add(line.toString()));
        return lines;
    }

    @Property
    void theLinesAreTheTextsLines(@ForAll("texts") String text) {
        assertThat(collect(text)).isEqualTo(expectedLines(text));
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.strings().withChars('a', 'ü', '|', '\n', '\r', ' ').ofMaxLength(60);
    }

    @Test
    void aLongLineAndALastLineWithoutNewlineAreLines() {
        String text = "134_0|COMPLETED\r\n\n134_1|FAILED\n" + "x".repeat(100_000) + "\nlast without newline ü";

        assertThat(collect(text)).isEqualTo(expectedLines(text)).hasSize(5).endsWith("last without newline ü");
    }

    @Test
    void aRangeOfBytesIsCutAlone() {
        byte[] bytes = "skip\nab\ncd\nskip".getBytes(StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>();

        LineSplitter.forEachLine(bytes, 5, 11, line -> lines.add(line.toString()));

        assertThat(lines).containsExactly("ab", "cd");
    }

    @Test
    void anEmptyTextHasNoLines() {
        List<String> lines = new ArrayList<>();

        LineSplitter.forEachLine("", line -> lines.add(line.toString()));

        assertThat(lines).isEmpty();
    }

    @Test
    void theLineIsTheBytesOfTheLineOnlyWithoutItsCarriageReturn() {
        List<String> seen = new ArrayList<>();
        LineSplitter.forEachLine("ab|cü\r\nef\n", line -> seen.add(line.length() + ":"
                + (char) line.bytes()[line.from() + 1] + ":" + line + ":" + (line.bytes()[line.to() - 1] & 0xff)));

        assertThat(seen).containsExactly("6:b:ab|cü:188", "2:f:ef:102");
    }

    @Test
    void aMalformedByteBecomesTheReplacementCharacterInTheText() {
        byte[] bytes = {'a', (byte) 0xff, 'b', '\n'};
        List<String> lines = new ArrayList<>();

        LineSplitter.forEachLine(bytes, 0, bytes.length, line -> lines.add(line.toString()));

        assertThat(lines).containsExactly("a\ufffdb");
    }
}
