package dev.memescalate.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memescalate.InvalidInputException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code notify} section, read through {@link ConfigLoader} so messages carry FILE:LINE. */
class NotifyReaderTest {
    private static final String LADDER = "levels: [{partition: day, mem: 1G, time: 1}]\n";
    private static final String COMMAND_FORMS =
            "command: [notify-send, \"chain ended\"] or one '- word' per line";

    private static Notification notificationOf(String notifySection) {
        return ConfigLoader.parse(LADDER + notifySection, "test.yaml").notification();
    }

    /** The message for a file whose line 2 starts the given notify section. */
    private static String errorOf(String notifySection) {
        try {
            ConfigLoader.parse(LADDER + notifySection, "test.yaml");
        } catch (InvalidInputException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected an InvalidInputException for:\n" + notifySection);
    }

    // ---- good forms ----

    @Test
    void withoutNotifyNobodyIsTold() {
        assertThat(notificationOf("")).isEqualTo(Notification.none());
        assertThat(notificationOf("notify:\n")).isEqualTo(Notification.none());
        assertThat(Notification.none().mail()).isEmpty();
        assertThat(Notification.none().hasCommand()).isFalse();
        assertThat(Notification.none().commandTimeout()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void mailAlone() {
        Notification notification = notificationOf("notify:\n  mail: jdoe@example.org\n");

        assertThat(notification)
                .isEqualTo(new Notification(Optional.of("jdoe@example.org"), List.of(), Duration.ofSeconds(60)));
    }

    @Test
    void quotedMailWithBlanksAroundIsTrimmed() {
        assertThat(notificationOf("notify:\n  mail: \" jdoe@example.org \"\n").mail()).contains("jdoe@example.org");
    }

    @Test
    void commandAsAFlowList() {
        Notification notification = notificationOf("notify:\n  command: [notify-send, \"chain ended\"]\n");

        assertThat(notification.command()).containsExactly("notify-send", "chain ended");
        assertThat(notification.hasCommand()).isTrue();
        assertThat(notification.commandTimeout()).isEqualTo(Notification.DEFAULT_COMMAND_TIMEOUT);
        assertThat(notification.mail()).isEmpty();
    }

    /** No shell and no YAML typing: every word reaches the argv exactly as written. */
    @Test
    void commandWordsAreKeptAsWrittenAwkwardOnesIncluded() {
        Notification notification = notificationOf("""
                notify:
                  mail: jdoe@example.org
                  command:
                    - /opt/my tools/notify.sh
                    - "$(rm -rf ~); echo"
                    - it's done
                    - Grüße ✓
                    - null
                    - ~
                    - 1:00:00
                    - 010
                    - true
                    - ""
                  command_timeout: 30s
                """);

        assertThat(notification.command()).containsExactly("/opt/my tools/notify.sh", "$(rm -rf ~); echo", "it's done",
                "Grüße ✓", "null", "~", "1:00:00", "010", "true", "");
        assertThat(notification.mail()).contains("jdoe@example.org");
        assertThat(notification.commandTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @ParameterizedTest
    @CsvSource({"30s, 30", "2m, 120", "1h, 3600", "'1:30', 90", "2, 120", "'00:00:45', 45"})
    void commandTimeoutTakesTheFormsOfSacctTimeout(String written, long seconds) {
        Notification notification = notificationOf("notify:\n  command: [true]\n  command_timeout: " + written + "\n");

        assertThat(notification.commandTimeout()).isEqualTo(Duration.ofSeconds(seconds));
    }

    // ---- bad forms, each at its line ----

    @Test
    void notifyMustBeAMapping() {
        assertThat(errorOf("notify: jdoe@example.org\n")).isEqualTo("test.yaml:2: 'notify' must be a mapping"
                + " {mail, command, command_timeout}, found a single value");
        assertThat(errorOf("notify: [mail]\n")).isEqualTo("test.yaml:2: 'notify' must be a mapping"
                + " {mail, command, command_timeout}, found a list");
    }

    @Test
    void unknownKeySuggestsTheNearestOne() {
        assertThat(errorOf("notify:\n  mails: jdoe@example.org\n")).isEqualTo("test.yaml:3: notify: unknown key"
                + " 'mails'; did you mean 'mail'?; valid keys: mail, command, command_timeout");
        assertThat(errorOf("notify:\n  command: [true]\n  command_timout: 30s\n")).isEqualTo("test.yaml:4:"
                + " notify: unknown key 'command_timout'; did you mean 'command_timeout'?; valid keys: mail,"
                + " command, command_timeout");
        assertThat(errorOf("notify:\n  command: [true]\n  timeout: 30s\n")).isEqualTo("test.yaml:4: notify:"
                + " unknown key 'timeout'; valid keys: mail, command, command_timeout");
    }

    @Test
    void mailWithoutAnAt() {
        assertThat(errorOf("notify:\n  mail: jdoe\n")).isEqualTo("test.yaml:3: notify.mail: 'jdoe' is not an"
                + " e-mail address (no '@'); write one address, such as you@example.org");
    }

    @Test
    void mailWithACommaOrABlank() {
        assertThat(errorOf("notify:\n  mail: a@example.org,b@example.org\n")).isEqualTo("test.yaml:3:"
                + " notify.mail: 'a@example.org,b@example.org' contains a comma; write one address, such as"
                + " you@example.org");
        assertThat(errorOf("notify:\n  mail: a@example.org b@example.org\n")).isEqualTo("test.yaml:3:"
                + " notify.mail: 'a@example.org b@example.org' contains a blank; write one address, such as"
                + " you@example.org");
    }

    @Test
    void mailMustBeOneNonEmptyValue() {
        assertThat(errorOf("notify:\n  mail: [a@example.org]\n"))
                .isEqualTo("test.yaml:3: notify.mail: expected a single value, found a list");
        assertThat(errorOf("notify:\n  mail:\n"))
                .isEqualTo("test.yaml:3: notify.mail: expected a single value, found an empty value");
    }

    @Test
    void aCommandWrittenAsOneStringSaysToWriteAList() {
        assertThat(errorOf("notify:\n  command: notify-send \"chain ended\"\n")).isEqualTo("test.yaml:3:"
                + " notify.command: 'notify-send \"chain ended\"' is a single value; write the command as a list of"
                + " words (it runs without a shell): " + COMMAND_FORMS);
    }

    @Test
    void aCommandThatIsAMappingOrEmptySaysToWriteAList() {
        assertThat(errorOf("notify:\n  command:\n    program: notify-send\n")).isEqualTo("test.yaml:4:"
                + " notify.command: found a mapping (key: value); write the command as a list of words (it runs"
                + " without a shell): " + COMMAND_FORMS);
        assertThat(errorOf("notify:\n  command:\n")).isEqualTo("test.yaml:3: notify.command: found an empty"
                + " value; write the command as a list of words (it runs without a shell): " + COMMAND_FORMS);
    }

    @Test
    void anEmptyCommandList() {
        assertThat(errorOf("notify:\n  command: []\n")).isEqualTo("test.yaml:3: notify.command: the list is"
                + " empty; give the program and its arguments: " + COMMAND_FORMS);
    }

    @Test
    void anEmptyProgram() {
        assertThat(errorOf("notify:\n  command:\n    - \"\"\n    - chain ended\n")).isEqualTo("test.yaml:4:"
                + " notify.command: the program (the first word) is empty; give the program to run: "
                + COMMAND_FORMS);
    }

    @Test
    void aWordThatYamlReadsAsAMappingOrList() {
        assertThat(errorOf("notify:\n  command:\n    - echo\n    - state: done\n    - [x]\n"))
                .isEqualTo("test.yaml has 2 problems:\n"
                        + "  test.yaml:5: notify.command: word 2 is a mapping (key: value), not a single word;"
                        + " quote a word that contains ': ' or starts with '[' or '{' (\"a: b\")\n"
                        + "  test.yaml:6: notify.command: word 3 is a list, not a single word; quote a word that"
                        + " contains ': ' or starts with '[' or '{' (\"a: b\")");
    }

    @Test
    void badCommandTimeout() {
        assertThat(errorOf("notify:\n  command: [true]\n  command_timeout: soon\n")).isEqualTo("test.yaml:4:"
                + " notify.command_timeout: invalid duration 'soon'; write " + ConfigDurations.VALID_FORMS);
        assertThat(errorOf("notify:\n  command: [true]\n  command_timeout: 0s\n"))
                .startsWith("test.yaml:4: notify.command_timeout: duration '0s' is zero");
    }

    @Test
    void aCommandTimeoutWithoutACommand() {
        assertThat(errorOf("notify:\n  mail: jdoe@example.org\n  command_timeout: 30s\n")).isEqualTo("test.yaml:4:"
                + " notify: command_timeout is set but there is no command to time; add a command (command:"
                + " [notify-send, \"chain ended\"]) or remove command_timeout");
    }

    @Test
    void everyProblemOfTheSectionIsReportedAtOnce() {
        assertThat(errorOf("notify:\n  mail: jdoe\n  command: notify-send\n  command_timeout: soon\n  x: 1\n"))
                .startsWith("test.yaml has 4 problems:\n")
                .contains("test.yaml:6: notify: unknown key 'x'", "test.yaml:3: notify.mail:",
                        "test.yaml:4: notify.command:", "test.yaml:5: notify.command_timeout:");
    }
}
