package dev.memescalate.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads every whole-number option ({@code --throttle}, {@code --max-level}, {@code --interval}, ...). picocli's own
 * converter says {@code '99999999999' is not an int} for a number that is merely too large; this one says which it
 * is. Ranges (at least 1, a level of the ladder) are checked by the commands, which know them.
 */
public final class WholeNumber implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
        String text = value.strip();
        if (!text.matches("[+-]?[0-9]+")) {
            throw new TypeConversionException("'" + value + "' is not a whole number; give digits only, like 5");
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException outOfRange) {
            throw new TypeConversionException(text.startsWith("-")
                    ? "'" + value + "' is too small; give at least " + Integer.MIN_VALUE
                    : "'" + value + "' is too large; give at most " + Integer.MAX_VALUE);
        }
    }
}
