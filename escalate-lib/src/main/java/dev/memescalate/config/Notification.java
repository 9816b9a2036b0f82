package dev.memescalate.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Who is told when a chain ends, from the config's {@code notify} section. Either, both or neither may be set.
 *
 * @param mail an e-mail address Slurm's own mail tells: the engine submits a tiny job with
 *     {@code --mail-type=END --mail-user=<mail>} whose name carries the chain's state
 * @param command a program and its arguments, run without a shell by whatever process ends the chain (the last
 *     handler job, {@code cancel}) with the chain's id, state and counts in its environment; its failure is
 *     recorded, never fatal. Empty for no command
 * @param commandTimeout how long the command may run
 */
public record Notification(Optional<String> mail, List<String> command, Duration commandTimeout) {
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(60);

    public Notification {
        Objects.requireNonNull(mail, "mail");
        mail.flatMap(Notification::whyNotAMailAddress).ifPresent(why -> {
            throw new IllegalArgumentException("mail: " + why);
        });
        command = List.copyOf(command);
        if (!command.isEmpty() && command.get(0).isBlank()) {
            throw new IllegalArgumentException("command: the program (first word) must not be blank, got " + command);
        }
        if (commandTimeout.isNegative() || commandTimeout.isZero()) {
            throw new IllegalArgumentException("commandTimeout must be > 0, got " + commandTimeout);
        }
    }

    /** No {@code notify} section: nobody is told. */
    public static Notification none() {
        return new Notification(Optional.empty(), List.of(), DEFAULT_COMMAND_TIMEOUT);
    }

    /** Whether a command is to be run when the chain ends. */
    public boolean hasCommand() {
        return !command.isEmpty();
    }

    /**
     * Why {@code address} is not one e-mail address for {@code sbatch --mail-user}, or empty when it is. Light on
     * purpose: one address (no blanks, no commas) with an {@code @}; the mail system judges the rest.
     */
    static Optional<String> whyNotAMailAddress(String address) {
        if (address.isBlank()) {
            return Optional.of("the address is empty");
        }
        if (address.chars().anyMatch(Character::isWhitespace)) {
            return Optional.of("'" + address + "' contains a blank");
        }
        if (address.contains(",")) {
            return Optional.of("'" + address + "' contains a comma");
        }
        if (!address.contains("@")) {
            return Optional.of("'" + address + "' is not an e-mail address (no '@')");
        }
        return Optional.empty();
    }
}
