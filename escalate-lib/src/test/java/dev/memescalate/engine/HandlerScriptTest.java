package dev.memescalate.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memescalate.ladder.MemorySize;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class HandlerScriptTest {
    /** Golden file: regenerate by printing HandlerScript.render with the arguments below. */
    @Test
    void rendersTheGoldenScript() throws IOException {
        String script = HandlerScript.render(
                Path.of("/usr/lib/jvm/java-17/bin/java"),
                Path.of("/opt/mem escalate/mem-escalate.jar"),
                Path.of("/home/o'brien/.mem-escalate/chains.db"),
                "3fa9c2d1",
                MemorySize.ofMegabytes(512));

        assertThat(script).isEqualTo(golden("engine/handler-script.golden"));
    }

    @Test
    void quotesForPosixShell() {
        assertThat(HandlerScript.quote("it's")).isEqualTo("'it'\\''s'");
        assertThat(HandlerScript.quote("$(x) ;")).isEqualTo("'$(x) ;'");
    }

    @Test
    void heapIsSixtyPercentOfTheJobMemoryButNotBelow64m() {
        assertThat(HandlerScript.heapMegabytes(MemorySize.ofMegabytes(512))).isEqualTo(307);
        assertThat(HandlerScript.heapMegabytes(MemorySize.ofMegabytes(50))).isEqualTo(64);
    }

    private static String golden(String name) throws IOException {
        try (InputStream in = HandlerScriptTest.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
