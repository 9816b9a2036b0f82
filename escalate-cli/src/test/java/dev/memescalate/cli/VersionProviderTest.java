package dev.memescalate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memescalate.cli.VersionProvider.BuildInfo;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class VersionProviderTest {
    private static Properties props(String version, String commit, String dirty) {
        Properties p = new Properties();
        p.setProperty("version", version);
        p.setProperty("commit", commit);
        p.setProperty("dirty", dirty);
        return p;
    }

    @Test
    void printsVersionCommitAndTheJavaInUse() {
        String[] lines = VersionProvider.lines(BuildInfo.fromProperties(props("0.2.0", "19e0a2825e", "false")),
                "17.0.15", "Debian", Path.of("/usr/lib/jvm/java-17-openjdk-amd64"));

        assertThat(lines).containsExactly("mem-escalate 0.2.0", "commit 19e0a2825e",
                "Java 17.0.15 (Debian) at /usr/lib/jvm/java-17-openjdk-amd64");
    }

    @Test
    void saysWhenTheBuildHadUncommittedChanges() {
        BuildInfo build = BuildInfo.fromProperties(props("0.2.0", "19e0a2825e", "true"));

        assertThat(VersionProvider.lines(build, "17", "x", Path.of("/j"))[1])
                .isEqualTo("commit 19e0a2825e (built with uncommitted changes)");
    }

    /** Built without the git step (or resources not filtered): Maven leaves ${...} in place. */
    @Test
    void unfilledValuesReadAsUnknown() {
        BuildInfo build = BuildInfo.fromProperties(props("${project.version}", "${git.commit}", "${git.dirty}"));

        assertThat(build).isEqualTo(new BuildInfo("unknown", "unknown", false));
        assertThat(BuildInfo.fromProperties(new Properties())).isEqualTo(new BuildInfo("unknown", "unknown", false));
    }

    /** The build filled version.properties: the version is the project's, the commit git's or "unknown". */
    @Test
    void theBuiltPropertiesAreFilledIn() throws Exception {
        BuildInfo build = BuildInfo.load();

        assertThat(build.version()).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(build.commit()).matches("[0-9a-f]{7,40}|unknown");
    }
}
