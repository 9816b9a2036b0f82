package dev.memescalate.cli.command;

import dev.memescalate.InvalidInputException;
import dev.memescalate.cli.CliEnvironment;
import dev.memescalate.cli.ExitCodes;
import dev.memescalate.cli.HandlerJar;
import dev.memescalate.cli.SystemFileFacts;
import dev.memescalate.cli.TrackerOptions;
import dev.memescalate.cli.VerboseOption;
import dev.memescalate.config.ConfigLoader;
import dev.memescalate.config.EscalationConfig;
import dev.memescalate.doctor.ConfigFact;
import dev.memescalate.doctor.Doctor;
import dev.memescalate.doctor.DoctorFacts;
import dev.memescalate.doctor.DoctorReport;
import dev.memescalate.doctor.FileFacts;
import dev.memescalate.doctor.Finding;
import java.io.File;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code mem-escalate doctor}: checks this environment, one line per check, and says what to fix. */
@Command(
        name = "doctor",
        mixinStandardHelpOptions = true,
        description = {
            "Check this environment and print what to fix, one line per check.",
            "Checks Java, the jar the handler jobs run, Slurm's configuration and commands, slurmctld, sacct, the"
                    + " tracker directory (writable, and seen by every node) and the config; each says OK, WARN or"
                    + " FAIL with the fix. Exit 0 when nothing failed (warnings allowed), 1 otherwise.",
        })
public final class DoctorCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TrackerOptions tracker;

    @Mixin
    VerboseOption verbose;

    private final CliEnvironment environment;
    private final FileFacts files;

    public DoctorCommand() {
        this(CliEnvironment.system());
    }

    public DoctorCommand(CliEnvironment environment) {
        this(environment, new SystemFileFacts());
    }

    DoctorCommand(CliEnvironment environment, FileFacts files) {
        this.environment = environment;
        this.files = files;
    }

    @Override
    public Integer call() {
        Map<String, String> env = environment.variables();
        Path workDir = Path.of("").toAbsolutePath();

        Path configFile = tracker.configOption().map(workDir::resolve)
                .orElse(tracker.directory(env, Optional.empty()).resolve(SubmitCommand.DEFAULT_CONFIG));
        Optional<EscalationConfig> loaded = Optional.empty();
        ConfigFact config;
        if (!Files.exists(configFile) && tracker.configOption().isEmpty()) {
            config = new ConfigFact.Absent(configFile);
        } else {
            try {
                if (!Files.isRegularFile(configFile)) {
                    throw new InvalidInputException("--config " + configFile + ": no such file");
                }
                EscalationConfig cfg = ConfigLoader.load(configFile);
                loaded = Optional.of(cfg);
                config = ConfigFact.loaded(configFile, cfg.ladder(), cfg.warnings().size());
            } catch (InvalidInputException invalid) {
                config = new ConfigFact.Invalid(configFile, invalid.getMessage());
            }
        }

        Optional<HandlerJar.Located> jar = HandlerJar.locate(env);
        DoctorFacts facts = new DoctorFacts(Runtime.version().feature(), System.getProperty("java.version"),
                Path.of(System.getProperty("java.home")), jar.map(HandlerJar.Located::path),
                jar.map(HandlerJar.Located::source).orElse("none"), Optional.ofNullable(env.get("SLURM_CONF")),
                searchPath(env.getOrDefault("PATH", "")), System.getProperty("user.name"),
                tracker.directory(env, loaded), tracker.directorySource(env, loaded), config);

        Doctor doctor = new Doctor(files, environment.slurm().get(), environment.clock(), environment.zone());
        List<Finding> findings = doctor.examine(facts);
        PrintWriter out = spec.commandLine().getOut();
        out.print(DoctorReport.render(findings));
        out.flush();
        return Doctor.allPassed(findings) ? ExitCodes.OK : ExitCodes.WORK_FAILED;
    }

    /** PATH's directories in order; an empty entry means the working directory, as for the shell. */
    static List<Path> searchPath(String path) {
        return Arrays.stream(path.split(File.pathSeparator, -1))
                .map(dir -> dir.isEmpty() ? Path.of("").toAbsolutePath() : Path.of(dir))
                .toList();
    }
}
