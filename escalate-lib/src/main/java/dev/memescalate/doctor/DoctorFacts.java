package dev.memescalate.doctor;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the CLI knows about the environment before any check runs.
 *
 * @param javaFeatureVersion the running Java's feature version (17 for 17.0.15)
 * @param javaVersion the full version text, e.g. {@code 17.0.15}
 * @param javaHome {@code java.home}: the Java the handler jobs will run
 * @param handlerJar the jar the handler jobs would run, empty when this is not running from a jar
 * @param handlerJarSource how it was found: {@code MEM_ESCALATE_JAR} or {@code the running jar}
 * @param slurmConf the {@code SLURM_CONF} variable, empty when unset
 * @param path the directories of {@code PATH}, in order
 * @param userName whose jobs sacct is asked about
 * @param trackerDir the tracker directory, resolved as submit resolves it
 * @param trackerDirSource how it was chosen, e.g. {@code MEM_ESCALATE_HOME} or {@code default}
 * @param config the config submit would read
 */
public record DoctorFacts(
        int javaFeatureVersion,
        String javaVersion,
        Path javaHome,
        Optional<Path> handlerJar,
        String handlerJarSource,
        Optional<String> slurmConf,
        List<Path> path,
        String userName,
        Path trackerDir,
        String trackerDirSource,
        ConfigFact config) {

    public DoctorFacts {
        path = List.copyOf(path);
    }
}
