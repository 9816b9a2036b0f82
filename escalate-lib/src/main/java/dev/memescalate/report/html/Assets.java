package dev.memescalate.report.html;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The report's own style sheet and script, inlined in every page (the file must open from a mail attachment, with no
 * network), and the Content-Security-Policy that pages carry: nothing may load from anywhere, styles only inline, and
 * no script runs but this one, allowed by its SHA-256. A user's text that slipped through escaping still could not
 * run, and the browser makes no request for the page.
 */
public final class Assets {
    private static final String CSS = resource("report.css");
    private static final String SCRIPT = resource("report.js");
    private static final String SCRIPT_HASH = "sha256-" + sha256(SCRIPT);
    private static final String POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src '"
            + SCRIPT_HASH + "'; base-uri 'none'; form-action 'none'";

    private Assets() {
    }

    /** The style sheet, written raw into {@code <style>}: it is this project's constant text, never user data. */
    public static String css() {
        return CSS;
    }

    /** The script (the failed tasks' filter), written raw into {@code <script>}: this project's constant text. */
    public static String script() {
        return SCRIPT;
    }

    /** The policy of every page: in a {@code <meta>} of the file, and as an HTTP header from {@code serve}. */
    public static String contentSecurityPolicy() {
        return POLICY;
    }

    private static String resource(String name) {
        try (InputStream in = Assets.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + " next to " + Assets.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
