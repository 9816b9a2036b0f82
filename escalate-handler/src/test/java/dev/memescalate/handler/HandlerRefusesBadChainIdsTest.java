package dev.memescalate.handler;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The handler checks the chain id against the same pattern as the command line before it opens the store or builds
 * any path from it: a handler script edited by hand, or a stale one, must not reach another directory.
 */
class HandlerRefusesBadChainIdsTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"../../etc/passwd", "*", "", "c0ffee01;rm -rf /", "$(touch /tmp/pwned)", "C0FFEE01",
        "c0ffee0", "c0ffee01\n", "' OR 1=1 --"})
    void aBadChainIdIsAUsageErrorAndTheStoreIsNeverOpened(String chainId) {
        Path store = dir.resolve("tracker/chains.db");
        ByteArrayOutputStream output = new ByteArrayOutputStream();

        int exit = HandlerMain.run(new String[] {"--store", store.toString(), "--chain", chainId, "--round", "1"},
                Map.of(), new PrintStream(output, true, StandardCharsets.UTF_8));

        assertThat(exit).isEqualTo(HandlerMain.USAGE);
        assertThat(output.toString(StandardCharsets.UTF_8)).startsWith("mem-escalate handler: --chain must be 8"
                + " hexadecimal digits");
        assertThat(dir.resolve("tracker")).doesNotExist();
    }
}
