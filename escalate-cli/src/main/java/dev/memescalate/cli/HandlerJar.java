package dev.memescalate.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The jar the handler jobs run: {@code MEM_ESCALATE_JAR} when set, else the jar this process runs from. One rule for
 * {@code submit} (which writes it into the handler script) and {@code doctor} (which checks it).
 */
public final class HandlerJar {
    public static final String VARIABLE = "MEM_ESCALATE_JAR";

    /**
     * @param path where the jar is (not checked to exist when it came from the variable)
     * @param source {@code MEM_ESCALATE_JAR} or {@code the running jar}
     */
    public record Located(Path path, String source) {}

    private HandlerJar() {
    }

    /** Empty when the variable is unset and this process does not run from a jar (tests, an IDE). */
    public static Optional<Located> locate(Map<String, String> env) {
        String fromEnv = env.get(VARIABLE);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Optional.of(new Located(Path.of(fromEnv).toAbsolutePath(), VARIABLE));
        }
        try {
            Path location = Path.of(HandlerJar.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(location) && location.toString().endsWith(".jar")) {
                return Optional.of(new Located(location, "the running jar"));
            }
        } catch (URISyntaxException | SecurityException | NullPointerException noCodeSource) {
            // Not loaded from a file: no jar to name.
        }
        return Optional.empty();
    }
}
