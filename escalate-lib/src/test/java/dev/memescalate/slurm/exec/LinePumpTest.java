package dev.memescalate.slurm.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memescalate.indexset.IndexSet;
import dev.memescalate.slurm.Fixtures;
import dev.memescalate.slurm.Line;
import dev.memescalate.slurm.LineSink;
import dev.memescalate.slurm.LineSplitter;
import dev.memescalate.slurm.RoundAccounting;
import dev.memescalate.slurm.SacctFormat;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The pump cuts a stream that arrives in pieces into the lines {@link LineSplitter} cuts the whole text into: a line
 * may start in one read and end several reads later, a read may end inside a two-byte character or between a
 * {@code \r} and its {@code \n}. For a sink with a field delimiter it finds every delimiter of each line, and sacct's
 * answer folds from those as from the text.
 */
class LinePumpTest {

    /** A stream that gives 1 to {@code most} bytes per read, and says nothing more is available after each. */
    private static InputStream inPieces(byte[] bytes, long seed, int most) {
        Random random = new Random(seed);
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1 + random.nextInt(most)));
            }

            @Override
            public synchronized int available() {
                return random.nextBoolean() ? 0 : super.available();
            }
        };
    }

    private static List<String> pumped(InputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        LinePump.forEachLine(in, line -> lines.add(line.toString()));
        return lines;
    }

    private static List<String> split(String text) {
        List<String> lines = new ArrayList<>();
        LineSplitter.forEachLine(text, line -> lines.add(line.toString()));
        return lines;
    }

    @Property
    void piecesCutAnywhereGiveTheLinesOfTheWholeText(@ForAll("texts") String text, @ForAll long seed)
            throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);

        assertThat(pumped(inPieces(bytes, seed, 6))).isEqualTo(split(text));
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.strings().withChars('a', 'ü', '|', '\n', '\r', ' ').ofMaxLength(60);
    }

    @Test
    void linesLongerThanABufferAndALastLineWithoutNewline() throws IOException {
        // 200 KB lines outgrow the pump's 64 KB buffers, and the carried start of a line outgrows its first carry.
        String text = "134_0|COMPLETED\r\n\n" + "x".repeat(200_000) + "\n134_1|FAILED\n" + "y".repeat(150_000) + "\r\n"
                + "z".repeat(70_000) + "\nlast without newline ü";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);

        assertThat(pumped(inPieces(bytes, 7, 40_000))).isEqualTo(split(text)).hasSize(7)
                .endsWith("last without newline ü");
        assertThat(pumped(new ByteArrayInputStream(bytes))).isEqualTo(split(text));
    }

    /** A sink that asks for {@code |} and keeps each line with the positions the pump found, relative to the line. */
    private static final class DelimitedLines implements LineSink {
        final List<String> lines = new ArrayList<>();
        final List<List<Integer>> found = new ArrayList<>();

        @Override
        public int fieldDelimiter() {
            return '|';
        }

        @Override
        public void accept(Line line) {
            assertThat(line.knowsDelimiter((byte) '|')).isTrue();
            assertThat(line.knowsDelimiter((byte) ';')).isFalse();
            List<Integer> at = new ArrayList<>();
            for (int k = line.delimitersFrom(); k < line.delimitersTo(); k++) {
                at.add(line.delimiterPositions()[k] - line.from());
            }
            lines.add(line.toString());
            found.add(at);
        }
    }

    @Property
    void theDelimitersFoundAreEveryDelimiterOfEachLine(@ForAll("texts") String text, @ForAll long seed)
            throws IOException {
        DelimitedLines sink = new DelimitedLines();

        LinePump.forEachLine(inPieces(text.getBytes(StandardCharsets.UTF_8), seed, 6), sink);

        assertThat(sink.lines).isEqualTo(split(text));
        for (int i = 0; i < sink.lines.size(); i++) {
            byte[] line = sink.lines.get(i).getBytes(StandardCharsets.UTF_8);
            List<Integer> expected = new ArrayList<>();
            for (int j = 0; j < line.length; j++) {
                if (line[j] == '|') {
                    expected.add(j);
                }
            }
            assertThat(sink.found.get(i)).as("line %d", i).isEqualTo(expected);
        }
    }

    @Test
    void aSacctAnswerInPiecesFoldsLikeItsWholeText() throws IOException {
        // Job names holding the delimiter (sacct -P does not escape it) and CRLF line ends, on the real fixture.
        String text = Fixtures.slurm2205("sacct-P-steps-final.txt").replace("|fixture-mixed|", "|a|b||c|")
                .replace("\n", "\r\n");
        Map<Long, IndexSet> expected = Map.of(134L, IndexSet.range(0, 11));
        RoundAccounting.Folder pumped = RoundAccounting.folder(expected, SacctFormat.STANDARD, ZoneOffset.UTC);
        RoundAccounting.Folder fromText = RoundAccounting.folder(expected, SacctFormat.STANDARD, ZoneOffset.UTC);

        LinePump.forEachLine(inPieces(text.getBytes(StandardCharsets.UTF_8), 3, 50), pumped);
        LineSplitter.forEachLine(text, fromText);

        RoundAccounting viaPump = pumped.finish();
        RoundAccounting reference = fromText.finish();
        assertThat(pumped.fieldDelimiter()).isEqualTo('|');
        assertThat(viaPump.isComplete()).isTrue();
        for (int index = 0; index <= 11; index++) {
            assertThat(viaPump.task(134, index)).isEqualTo(reference.task(134, index)).isPresent();
        }
    }

    @Test
    void aFieldDelimiterIsAnAsciiByteOtherThanALineEnd() {
        for (int bad : List.of((int) '\n', (int) '\r', 0x80, 300)) {
            assertThatThrownBy(() -> new LinePump(new ByteArrayInputStream(new byte[0]), bad))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void anEmptyStreamHasNoLines() throws IOException {
        assertThat(pumped(new ByteArrayInputStream(new byte[0]))).isEmpty();
    }
}
