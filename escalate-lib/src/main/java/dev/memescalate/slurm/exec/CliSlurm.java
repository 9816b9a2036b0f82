package dev.memescalate.slurm.exec;

import dev.memescalate.slurm.ClusterInfo;
import dev.memescalate.slurm.LineSink;
import dev.memescalate.slurm.QosInfo;
import dev.memescalate.slurm.QueueQuery;
import dev.memescalate.slurm.QueuedJob;
import dev.memescalate.slurm.SacctFormat;
import dev.memescalate.slurm.SacctmgrParser;
import dev.memescalate.slurm.SbatchOutput;
import dev.memescalate.slurm.ScontrolParser;
import dev.memescalate.slurm.Slurm;
import dev.memescalate.slurm.SlurmErrors;
import dev.memescalate.slurm.SlurmException;
import dev.memescalate.slurm.SlurmUnavailableException;
import dev.memescalate.slurm.SqueueParser;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** {@link Slurm} by running sbatch, sacct, scancel, squeue, scontrol and sacctmgr through a {@link CommandRunner}. */
public final class CliSlurm implements Slurm {

    /**
     * Inherited variables removed before every Slurm command: all {@code SLURM_*} except {@code SLURM_CONF}.
     *
     * <p>Measured on Slurm 22.05.8 with a parent array task ({@code -p week --mem=700M --cpus-per-task=2
     * --array=3}) that runs sbatch itself: sbatch did not take the parent's {@code SLURM_MEM_PER_NODE},
     * {@code SLURM_MEM_PER_CPU} or {@code SLURM_CPUS_PER_TASK} as options (the nested job got {@code --mem=300M}
     * or, without {@code --mem}, the partition default, and 1 CPU, the default partition and time). But with the
     * default {@code --export=ALL} the parent's variables leak into the nested job's environment wherever slurmd
     * does not overwrite them: a nested job that is not an array saw {@code SLURM_ARRAY_TASK_ID=3} and
     * {@code SLURM_ARRAY_JOB_ID} of its parent, and {@code SLURM_MEM_PER_NODE=700} although it had 2 GB. So the
     * job's own variables are dropped. {@code SLURM_CONF} is kept: it is how clients find a non-default config
     * (slurmd sets it inside jobs).
     *
     * <p>{@code SBATCH_*} variables are kept on purpose: Slurm never sets them itself, so they are the user's own
     * defaults (account, QOS) and should apply to every submission alike. sbatch does read them (measured:
     * {@code SBATCH_PARTITION=week} moved a job to week, {@code SBATCH_ARRAY_INX=1-2} turned it into an array),
     * but an option on the command line wins over them, and mem-escalate passes partition, memory, time and array
     * explicitly.
     */
    public static final VariableFilter PARENT_JOB_VARIABLES = new VariableFilter(Set.of("SLURM_"), Set.of("SLURM_CONF"));

    /**
     * sacct and squeue cut array task expressions such as {@code 123_[4-9,12%4]} at 64 bytes unless
     * SLURM_BITSTR_LEN is set; 0 means no limit. SLURM_TIME_FORMAT=standard pins timestamps to ISO 8601 whatever
     * the user's environment says. The same settings the sacct parser relies on.
     */
    static final Map<String, String> OUTPUT_VARIABLES = SacctFormat.ENVIRONMENT;

    /** What Slurm 22.05 prints when single-job squeue is asked about a job it does not know (exit 1). */
    private static final String UNKNOWN_JOB_ID = "Invalid job id specified";

    /**
     * How 22.05 clients say they have no usable configuration: without SLURM_CONF and /etc/slurm/slurm.conf (and no
     * DNS SRV record) "Could not establish a configuration source" at once; with SLURM_CONF pointing to a missing
     * file "Unable to process configuration file", after retrying for 60 s.
     */
    private static final List<String> NO_CONFIGURATION =
            List.of("Could not establish a configuration source", "Unable to process configuration file");

    /** A job, an array task, or a bracketed task range as scancel takes it; never something that reads as an option. */
    private static final Pattern CANCELLABLE_ID = Pattern.compile("\\d+(_(\\d+|\\[[0-9,%-]+]))?");

    private final CommandRunner runner;
    private final Duration commandTimeout;
    private final Duration accountingTimeout;

    /**
     * @param commandTimeout limit for sbatch, scancel, squeue and scontrol
     * @param accountingTimeout limit for sacct, which may print 100+ MB for a million tasks
     */
    public CliSlurm(CommandRunner runner, Duration commandTimeout, Duration accountingTimeout) {
        this.runner = runner;
        this.commandTimeout = commandTimeout;
        this.accountingTimeout = accountingTimeout;
    }

    /** Real commands, 2 minutes per command and 10 minutes for sacct. */
    public static CliSlurm create() {
        return new CliSlurm(new ProcessCommandRunner(), Duration.ofMinutes(2), Duration.ofMinutes(10));
    }

    @Override
    public String submit(List<String> sbatchArgs, Path workDir, Map<String, String> environment) {
        List<String> argv = new ArrayList<>(List.of("sbatch", "--parsable"));
        argv.addAll(sbatchArgs);
        CommandResult result = runChecked(new CommandRequest(
                argv, environment, PARENT_JOB_VARIABLES, Optional.of(workDir), commandTimeout));
        try {
            return SbatchOutput.parseJobId(result.stdout());
        } catch (IllegalArgumentException noJobId) {
            throw new SlurmException(noJobId.getMessage(), argv, result.exitCode(), result.stderr(), false, noJobId);
        }
    }

    @Override
    public String accounting(List<String> sacctArgs) {
        return runChecked(sacctRequest(sacctArgs)).stdout();
    }

    /** Streams sacct's stdout to the sink while sacct runs; same environment, timeout and failures as above. */
    @Override
    public void accounting(List<String> sacctArgs, LineSink sink) {
        CommandResult result = runner.stream(sacctRequest(sacctArgs), sink);
        if (!result.succeeded()) {
            throw failure(result);
        }
    }

    private CommandRequest sacctRequest(List<String> sacctArgs) {
        List<String> argv = new ArrayList<>(List.of("sacct"));
        argv.addAll(sacctArgs);
        return new CommandRequest(argv, OUTPUT_VARIABLES, PARENT_JOB_VARIABLES, Optional.empty(), accountingTimeout);
    }

    /**
     * Measured on 22.05.8: scancel of a completed job or of an id slurmctld never knew prints nothing and exits
     * 0 (with {@code -v}: "Kill job error on job id 17: Job/step already completing or completed" / "Invalid job id
     * specified", still exit 0). A non-zero exit whose every line is one of those messages is accepted too.
     */
    @Override
    public void cancel(Collection<String> jobIds) {
        if (jobIds.isEmpty()) {
            return;
        }
        for (String id : jobIds) {
            if (!CANCELLABLE_ID.matcher(id).matches()) {
                throw new IllegalArgumentException(
                        "job id to cancel must look like 123, 123_4 or 123_[4-9], got '" + id + "'");
            }
        }
        List<String> argv = new ArrayList<>(List.of("scancel"));
        argv.addAll(new TreeSet<>(jobIds));
        CommandResult result = runner.run(new CommandRequest(
                argv, Map.of(), PARENT_JOB_VARIABLES, Optional.empty(), commandTimeout));
        boolean nothingLeftToCancel = SlurmErrors.onlyEndedJobs(result.stderr());
        if (!result.succeeded() && !nothingLeftToCancel) {
            throw failure(result);
        }
    }

    /**
     * Measured on 22.05.8: {@code squeue -j 99999} for one unknown id prints "slurm_load_jobs error: Invalid job
     * id specified" and exits 1; with several ids it lists the known ones and exits 0. An unknown id is simply
     * not in the queue, so that error gives an empty list. Queries by name are limited to the caller's own jobs
     * ({@code --me}), since other users may use the same job names.
     */
    @Override
    public List<QueuedJob> queue(QueueQuery query) {
        List<String> argv = new ArrayList<>(List.of("squeue", "-h", "-o", SqueueParser.FORMAT));
        if (query.includeFinished()) {
            argv.addAll(List.of("-t", "all"));
        }
        if (query.expandArrays()) {
            argv.add("-r");
        }
        boolean byIds = !query.jobIds().isEmpty();
        if (byIds) {
            argv.addAll(List.of("-j", String.join(",", new TreeSet<>(query.jobIds()))));
        } else {
            argv.addAll(List.of("--me", "-n", String.join(",", new TreeSet<>(query.names()))));
        }
        CommandResult result = runner.run(new CommandRequest(
                argv, OUTPUT_VARIABLES, PARENT_JOB_VARIABLES, Optional.empty(), commandTimeout));
        boolean onlyUnknownIds = byIds && result.exitCode() == 1 && result.stderr().contains(UNKNOWN_JOB_ID);
        if (onlyUnknownIds) {
            return List.of();
        }
        if (!result.succeeded()) {
            throw failure(result);
        }
        return SqueueParser.parse(result.stdout());
    }

    @Override
    public ClusterInfo clusterInfo() {
        String config = scontrol("show", "config");
        String partitions = scontrol("show", "partition", "-o");
        String nodes = scontrol("show", "node", "-o");
        return ScontrolParser.clusterInfo(config, partitions, nodes);
    }

    @Override
    public List<QosInfo> qos() {
        return SacctmgrParser.qos(sacctmgr(SacctmgrParser.QOS_QUERY));
    }

    @Override
    public List<String> accounts(String user) {
        return SacctmgrParser.accounts(sacctmgr(SacctmgrParser.accountsQuery(user)));
    }

    private String sacctmgr(List<String> args) {
        List<String> argv = new ArrayList<>(List.of("sacctmgr"));
        argv.addAll(args);
        return runChecked(new CommandRequest(
                        argv, OUTPUT_VARIABLES, PARENT_JOB_VARIABLES, Optional.empty(), commandTimeout))
                .stdout();
    }

    private String scontrol(String... args) {
        List<String> argv = new ArrayList<>(List.of("scontrol"));
        argv.addAll(List.of(args));
        return runChecked(new CommandRequest(
                        argv, OUTPUT_VARIABLES, PARENT_JOB_VARIABLES, Optional.empty(), commandTimeout))
                .stdout();
    }

    private CommandResult runChecked(CommandRequest request) {
        CommandResult result = runner.run(request);
        if (!result.succeeded()) {
            throw failure(result);
        }
        return result;
    }

    private static SlurmException failure(CommandResult result) {
        String program = result.argv().get(0);
        String message = SlurmErrors.describeFailure(program, result.exitCode(), result.stderr());
        boolean noConfiguration = NO_CONFIGURATION.stream().anyMatch(result.stderr()::contains);
        if (noConfiguration) {
            return new SlurmUnavailableException(
                    message + "\nSlurm's configuration was not found: set SLURM_CONF to the path of slurm.conf (or"
                            + " run on a node of the cluster, where /etc/slurm/slurm.conf exists).",
                    result.argv(), result.stderr(), null);
        }
        return new SlurmException(
                message, result.argv(), result.exitCode(), result.stderr(), SlurmErrors.isTransient(result.stderr()));
    }
}
