package dev.memescalate.cli;

import dev.memescalate.InvalidInputException;
import dev.memescalate.store.ChainIdFormat;

/**
 * Chain ids as users type them. Checked against one strict pattern before any path or query is built from them: a
 * chain id names a directory under the tracker directory.
 */
public final class ChainIds {
    private ChainIds() {
    }

    public static String require(String text) {
        if (!ChainIdFormat.isChainId(text)) {
            String shown = text == null ? "" : text.length() > 40 ? text.substring(0, 40) + "..." : text;
            throw new InvalidInputException("chain id '" + shown.replaceAll("\\p{Cntrl}", "?") + "': a chain id is the"
                    + " 8 hexadecimal digits submit printed (for example 3fa9c2d1); mem-escalate list shows them");
        }
        return text;
    }
}
