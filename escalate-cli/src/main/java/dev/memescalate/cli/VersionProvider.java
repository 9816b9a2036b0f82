package dev.memescalate.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code mem-escalate --version}: the version and git commit Maven recorded at build time in
 * {@code version.properties}, and the Java this runs on (the handler jobs run the same Java).
 */
public final class VersionProvider implements IVersionProvider {
    static final String UNKNOWN = "unknown";

    @Override
    public String[] getVersion() throws IOException {
        return lines(BuildInfo.load(), System.getProperty("java.version"), System.getProperty("java.vendor"),
                Path.of(System.getProperty("java.home")));
    }

    static String[] lines(BuildInfo build, String javaVersion, String javaVendor, Path javaHome) {
        return new String[] {
            "mem-escalate " + build.version(),
            "commit " + build.commit() + (build.dirty() ? " (built with uncommitted changes)" : ""),
            "Java " + javaVersion + " (" + javaVendor + ") at " + javaHome
        };
    }

    /**
     * What the build recorded.
     *
     * @param version the project version, e.g. 0.1.0
     * @param commit the abbreviated git commit, or {@value #UNKNOWN} when built outside a git work tree
     * @param dirty the work tree had uncommitted changes
     */
    public record BuildInfo(String version, String commit, boolean dirty) {
        public static BuildInfo load() throws IOException {
            Properties props = new Properties();
            try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    props.load(in);
                }
            }
            return fromProperties(props);
        }

        /** A value Maven could not fill in is left as {@code ${...}}: that reads as unknown. */
        static BuildInfo fromProperties(Properties props) {
            return new BuildInfo(known(props.getProperty("version")), known(props.getProperty("commit")),
                    Boolean.parseBoolean(props.getProperty("dirty")));
        }

        private static String known(String value) {
            boolean unfilled = value == null || value.isBlank() || value.startsWith("${");
            return unfilled ? UNKNOWN : value.strip();
        }
    }
}
