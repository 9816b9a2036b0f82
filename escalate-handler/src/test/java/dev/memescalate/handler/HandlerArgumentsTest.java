package dev.memescalate.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** What the handler script passes: the store, the chain, the round, a guard's generation and a large round's --jit. */
class HandlerArgumentsTest {
    @Test
    void aGuardOfALargeRoundPassesItsGenerationAndTheJitChoiceWhichTheHandlerIgnores() {
        HandlerMain.Arguments a = HandlerMain.Arguments.parse(new String[] {"--store", "/t/chains.db", "--chain",
            "c0ffee01", "--round", "3", "--guard", "2", "--jit", "full"});

        assertThat(a).isEqualTo(new HandlerMain.Arguments(Path.of("/t/chains.db"), "c0ffee01", 3, 2));
    }

    @Test
    void anUnknownArgumentIsRefused() {
        assertThatThrownBy(() -> HandlerMain.Arguments.parse(new String[] {"--store", "/t/chains.db", "--chain",
            "c0ffee01", "--round", "3", "--fast", "yes"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("unknown argument --fast");
    }
}
