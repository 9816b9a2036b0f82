package dev.memescalate.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
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

    private static List<String> collect(String text, long seed) {
        List<String> lines = new ArrayList<>();
        LineSplitter splitter = new LineSplitter(line -> lines.add(line.toString()));
        Random random = new Random(seed);
        char[] chars = text.toCharArray();
        int from = 0;
        while (from < chars.length) {
            int to = Math.min(chars.length, from + random.nextInt(7));
            splitter.feed(chars, from, to);
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
    void aTextAndAReaderGiveTheSameLinesAsTheChunks() throws IOException {
        String text = "134_0|COMPLETED\r\n\n134_1|FAILED\n" + "x".repeat(40_000) + "\nlast without newline";
        List<String> fromText = new ArrayList<>();
        List<String> fromReader = new ArrayList<>();

        LineSplitter.forEachLine(text, line -> fromText.add(line.toString()));
        LineSplitter.forEachLine(new StringReader(text), line -> fromReader.add(line.toString()));

        assertThat(fromText).isEqualTo(expectedLines(text)).hasSize(5).endsWith("last without newline");
        assertThat(fromReader).isEqualTo(fromText);
    }

    @Test
    void anEmptyTextHasNoLines() {
        List<CharSequence> lines = new ArrayList<>();

        LineSplitter.forEachLine("", lines::add);

        assertThat(lines).isEmpty();
    }

    @Test
    void theViewIsACharSequenceOfTheLineOnly() {
        List<String> seen = new ArrayList<>();
        LineSplitter.forEachLine("ab|cd\nef\n", line -> seen.add(line.length() + ":" + line.charAt(1) + ":"
                + line.subSequence(1, 2) + ":" + line));

        assertThat(seen).containsExactly("5:b:b:ab|cd", "2:f:f:ef");
    }
}
