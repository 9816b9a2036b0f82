package dev.memescalate.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class LineSplitterTest {

    /** The lines as SacctParser sees them: split at \n, one \r before it dropped, no empty line after a final \n. */
    private static List<String> expectedLines(String text) {
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        if (lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines.stream().map(line -> line.endsWith("\r") ? line.substring(0, line.length() - 1) : line).toList();
    }

    /** The text's UTF-8 bytes fed in chunks of 0-6 bytes: a chunk may end inside a two-byte character. */
    private static List<String> collect(String text, long seed) {
        List<String> lines = new ArrayList<>();
        LineSplitter splitter = new LineSplitter(line -> lines.add(line.toString()));
        Random random = new Random(seed);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int from = 0;
        while (from < bytes.length) {
            int to = Math.min(bytes.length, from + random.nextInt(7));
            splitter.feed(bytes, from, to);
            from = to;
        }
        splitter.finish();
        return lines;
    }

    @Property
    void chunksCutAnywhereGiveTheSameLines(@ForAll("texts") String text, @ForAll long seed) {
        assertThat(collect(text, seed)).isEqualTo(expectedLines(text));
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.strings().withChars('a', 'ü', '|', '\n', '\r', ' ').ofMaxLength(60);
    }

    @Test
    void aTextAndAStreamGiveTheSameLinesAsTheChunks() throws IOException {
        String text = "134_0|COMPLETED\r\n\n134_1|FAILED\n" + "x".repeat(100_000) + "\nlast without newline ü";
        List<String> fromText = new ArrayList<>();
        List<String> fromStream = new ArrayList<>();

        LineSplitter.forEachLine(text, line -> fromText.add(line.toString()));
        LineSplitter.forEachLine(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                line -> fromStream.add(line.toString()));

        assertThat(fromText).isEqualTo(expectedLines(text)).hasSize(5).endsWith("last without newline ü");
        assertThat(fromStream).isEqualTo(fromText);
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
        LineSplitter splitter = new LineSplitter(line -> lines.add(line.toString()));

        splitter.feed(bytes, 0, bytes.length);
        splitter.finish();

        assertThat(lines).containsExactly("a\ufffdb");
    }
}
