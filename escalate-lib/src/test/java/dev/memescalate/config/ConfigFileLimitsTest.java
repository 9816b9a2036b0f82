package dev.memescalate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.memescalate.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The limits a config file must stay within, so that a wrong or hostile file is refused quickly and clearly: size
 * (1 MB, checked before reading), text (UTF-8, no NUL), regular file (a FIFO would block), no aliases (a "billion
 * laughs" document is never expanded), nesting (20). BadInputTest runs the same through the command line.
 */
class ConfigFileLimitsTest {
    private static final String LADDER = "levels:\n  - partition: day\n    mem: 1G\n    time: 1\n";

    @TempDir
    Path dir;

    @Test
    void aFileOfOneMegabyteLoadsAndOneByteMoreIsRefusedBeforeItIsParsed() throws IOException {
        Path exact = Files.writeString(dir.resolve("exact.yaml"), padded(ConfigLoader.MAX_FILE_BYTES));
        Path over = Files.writeString(dir.resolve("over.yaml"), padded(ConfigLoader.MAX_FILE_BYTES + 1));

        assertThat(ConfigLoader.load(exact).ladder().size()).isEqualTo(1);
        assertThatThrownBy(() -> ConfigLoader.load(over)).isInstanceOf(InvalidInputException.class)
                .hasMessage("config file " + over + " is 1048577 bytes; a config is at most 1048576 bytes (1 MB): is"
                        + " it the right file?");
    }

    @Test
    void textLongerThanTheLimitIsRefusedAlsoWhenItComesFromTheStore() {
        String text = padded(ConfigLoader.MAX_FILE_BYTES + 10);

        assertThatThrownBy(() -> ConfigLoader.parse(text, "config of chain c0ffee01"))
                .hasMessageStartingWith("config of chain c0ffee01: the config is 1048586 characters long");
    }

    @Test
    void aBinaryFileIsNotText() throws IOException {
        Path nul = Files.write(dir.resolve("nul.yaml"), (LADDER + "\0").getBytes(StandardCharsets.UTF_8));
        Path latin1 = Files.write(dir.resolve("latin1.yaml"), "levels: # caf\u00e9\n".getBytes(
                StandardCharsets.ISO_8859_1));

        assertThatThrownBy(() -> ConfigLoader.load(nul))
                .hasMessage("config file " + nul + " is not a text file (it holds a NUL byte at offset "
                        + LADDER.length() + "); give the YAML config, see config/default.yaml");
        assertThatThrownBy(() -> ConfigLoader.load(latin1)).hasMessageContaining("(it is not UTF-8)");
    }

    @Test
    void aFifoIsRefusedInsteadOfBlockingTheRead() throws Exception {
        Path fifo = dir.resolve("fifo.yaml");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();

        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThatThrownBy(() -> ConfigLoader.load(fifo))
                .hasMessage("config file " + fifo + " is not a regular file (a named pipe or a device?); give a"
                        + " YAML file"));
    }

    @Test
    void aBillionLaughsDocumentIsRefusedAtItsFirstAliasWithoutExpandingIt() {
        StringBuilder bomb = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i <= 30; i++) {
            bomb.append("a").append(i).append(": &a").append(i).append(" [")
                    .append(("*a" + (i - 1) + ", ").repeat(9)).append("*a").append(i - 1).append("]\n");
        }
        bomb.append(LADDER);

        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertThatThrownBy(
                () -> ConfigLoader.parse(bomb.toString(), "bomb.yaml"))
                .hasMessage("bomb.yaml:2: YAML aliases ('*a0') are not supported in a config; write the value out"));
    }

    @Test
    void nestingDeeperThanTwentyIsRefusedWithoutJacksonsWordsAndTwentyIsReadOn() {
        String deep = "levels: " + "[".repeat(21) + "]".repeat(21) + "\n";
        String twenty = "levels: " + "[".repeat(19) + "]".repeat(19) + "\n";

        assertThatThrownBy(() -> ConfigLoader.parse(deep, "deep.yaml"))
                .hasMessageStartingWith("deep.yaml: lists and mappings nest deeper than 20 levels")
                .hasMessageNotContaining("StreamReadConstraints");
        assertThatThrownBy(() -> ConfigLoader.parse(twenty, "twenty.yaml"))
                .hasMessage("twenty.yaml:1: level 0 must be a mapping {partition, mem, time}, found a list");
    }

    /** The ladder, then comment lines, exactly {@code size} bytes. */
    private static String padded(long size) {
        StringBuilder text = new StringBuilder(LADDER);
        while (text.length() < size) {
            text.append("# ").append("x".repeat(77)).append('\n');
        }
        text.setLength((int) size - 1);
        return text.append('\n').toString();
    }
}
