package dev.memescalate.cli;

import dev.memescalate.InvalidInputException;
import java.util.regex.Pattern;

/**
 * Chain ids as users type them. Checked against one strict pattern before any path or query is built from them: a
 * chain id names a directory under the tracker directory.
 */
public final class ChainIds {
    /** What {@code submit} prints: 8 hexadecimal digits. */
    static final Pattern CHAIN_ID = Pattern.compile("[0-9a-f]{8}");

    private ChainIds() {
    }

    public static String require(String text) {
        if (text == null || !CHAIN_ID.matcher(text).matches()) {
            String shown = text == null ? "" : text.length() > 40 ? text.substring(0, 40) + "..." : text;
            throw new InvalidInputException("chain id '" + shown.replaceAll("\\p{Cntrl}", "?") + "': a chain id is the"
                    + " 8 hexadecimal digits submit printed (for example 3fa9c2d1); mem-escalate list shows them");
        }
        return text;
    }
}
