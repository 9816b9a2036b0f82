package dev.memescalate.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NotificationTest {
    @Test
    void rejectsWhatTheLoaderRejects() {
        assertThatThrownBy(() -> new Notification(Optional.of("jdoe"), List.of(), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("mail: 'jdoe' is not an e-mail address (no '@')");
        assertThatThrownBy(() -> new Notification(Optional.empty(), List.of(" ", "x"), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("command: the program (first word) must not be blank");
        assertThatThrownBy(() -> new Notification(Optional.empty(), List.of("true"), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("commandTimeout must be > 0, got PT0S");
    }
}
