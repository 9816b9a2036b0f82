package dev.memescalate.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** What the handler script passes: the store, the chain, the round and a guard's generation. */
class HandlerArgumentsTest {
    @Test
    void aGuardPassesItsGeneration() {
        HandlerMain.Arguments a = HandlerMain.Arguments.parse(new String[] {"--store", "/t/chains.db", "--chain",
            "c0ffee01", "--round", "3", "--guard", "2"});

        assertThat(a).isEqualTo(new HandlerMain.Arguments(Path.of("/t/chains.db"), "c0ffee01", 3, 2));
    }

    @Test
    void anUnknownArgumentIsRefused() {
        assertThatThrownBy(() -> HandlerMain.Arguments.parse(new String[] {"--store", "/t/chains.db", "--chain",
            "c0ffee01", "--round", "3", "--fast", "yes"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("unknown argument --fast");
    }
}
