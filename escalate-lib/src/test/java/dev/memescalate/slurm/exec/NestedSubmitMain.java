package dev.memescalate.slurm.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Run by CliSlurmIT inside a Slurm array task: submits a nested job through {@link CliSlurm} (so with its
 * environment filtering) and writes the nested job's id to {@code child-id.txt}.
 *
 * <p>args: working directory, job name for the nested job.
 */
public final class NestedSubmitMain {
    private NestedSubmitMain() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        String id = CliSlurm.create().submit(
                List.of("-J", args[1], "--mem=300M", "--time=1", "--wrap", "env | sort > child-env.txt"), dir);
        Files.writeString(dir.resolve("child-id.txt"), id + "\n");
    }
}
