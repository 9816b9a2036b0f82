package dev.memescalate.store;

import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * A chain id: 8 lower-case hexadecimal digits, as {@code submit} prints it. It names a directory under the tracker
 * directory, so every command, the handler and the web view check it against this one pattern before any path or
 * query is built from it.
 */
public final class ChainIdFormat {
    /** The id's pattern, for building larger patterns (a web path). */
    public static final String REGEX = "[0-9a-f]{8}";

    private static final Pattern CHAIN_ID = Pattern.compile(REGEX);

    private ChainIdFormat() {
    }

    public static boolean isChainId(String text) {
        return text != null && CHAIN_ID.matcher(text).matches();
    }

    /** A new id, drawn from {@code ids}. */
    public static String random(RandomGenerator ids) {
        return String.format("%08x", ids.nextInt());
    }
}
