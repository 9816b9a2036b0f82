package dev.memescalate;

/**
 * Bad input from the user: a config file, an option, an array spec, a script path. The message is complete and
 * meant for the user (what was wrong, where, what to do); the command line prints it without a stack trace and
 * exits with code 2, before anything is submitted.
 */
public class InvalidInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
