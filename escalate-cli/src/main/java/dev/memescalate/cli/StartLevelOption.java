package dev.memescalate.cli;

import dev.memescalate.config.StartLevel;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads {@code --start-level}: {@code auto}, or a whole number (read as every whole-number option is, so the same
 * messages say what is wrong; whether the level is in the ladder is checked by submit, which knows the ladder).
 */
public final class StartLevelOption implements ITypeConverter<StartLevel> {
    @Override
    public StartLevel convert(String value) {
        if (value.strip().equalsIgnoreCase(StartLevel.AUTO)) {
            return StartLevel.auto();
        }
        try {
            return StartLevel.fixed(new WholeNumber().convert(value));
        } catch (TypeConversionException notANumber) {
            throw new TypeConversionException(notANumber.getMessage() + "; or give " + StartLevel.AUTO
                    + " to start each task where it last completed");
        }
    }
}
