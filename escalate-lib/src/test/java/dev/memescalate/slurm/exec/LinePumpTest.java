package dev.memescalate.slurm.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memescalate.slurm.LineSplitter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
 * {@code \r} and its {@code \n}.
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

    @Test
    void anEmptyStreamHasNoLines() throws IOException {
        assertThat(pumped(new ByteArrayInputStream(new byte[0]))).isEmpty();
    }
}
