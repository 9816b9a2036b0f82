package dev.memescalate.engine;

import dev.memescalate.slurm.ClusterInfo;
import dev.memescalate.slurm.Fixtures;
import dev.memescalate.slurm.JobState;
import dev.memescalate.slurm.QueueQuery;
import dev.memescalate.slurm.QueuedJob;
import dev.memescalate.slurm.SacctColumn;
import dev.memescalate.slurm.SacctFormat;
import dev.memescalate.slurm.Slurm;
import dev.memescalate.slurm.SlurmException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A Slurm for engine unit tests. sbatch hands out increasing job ids and records every argv; sacct replays a script
 * of canned answers (real output of the local cluster, see {@link RealSacctRows}); squeue answers from the jobs the
 * fake accepted plus any a test adds; scontrol describes the local cluster from the captured scontrol output.
 */
final class FakeSlurm implements Slurm {
    /** What scontrol answers: the local cluster as captured; tests may give the one with features and a GRES. */
    ClusterInfo cluster = Fixtures.labCluster();
    private int sacctmgrCalls;
    /** The first job id handed out; far from the fixture's 134 so a forgotten renumbering shows. */
    static final long FIRST_JOB_ID = 1000;

    /** One sbatch call that returned a job id. */
    record Submission(String jobId, List<String> argv, Path workDir, Map<String, String> environment) {
        Submission {
            argv = List.copyOf(argv);
            environment = Map.copyOf(environment);
        }

        /** The value of {@code --<name>=...}, if the argv has that option. */
        Optional<String> option(String name) {
            String prefix = "--" + name + "=";
            return argv.stream().filter(a -> a.startsWith(prefix)).map(a -> a.substring(prefix.length())).findFirst();
        }

        String jobName() {
            return option("job-name").orElseThrow();
        }

        boolean has(String arg) {
            return argv.contains(arg);
        }
    }

    /** What sacct does when asked next: print text, or fail. */
    sealed interface SacctAnswer permits Prints, Fails {
    }

    record Prints(String text) implements SacctAnswer {
    }

    record Fails(SlurmException failure) implements SacctAnswer {
    }

    /** How the Nth sbatch call fails. */
    private record SbatchFailure(RuntimeException failure, boolean jobCreatedAnyway) {
    }

    /** Stands for the process dying (Slurm killed the handler, the node went down) in the middle of a call. */
    static final class Killed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Killed(String message) {
            super(message);
        }
    }

    private long nextJobId = FIRST_JOB_ID;
    private int sbatchCalls;
    private final List<Submission> submissions = new ArrayList<>();
    private final Map<Integer, SbatchFailure> sbatchFailures = new HashMap<>();
    private final Map<Integer, Runnable> sbatchMeanwhile = new HashMap<>();
    private final Deque<SacctAnswer> sacctScript = new ArrayDeque<>();
    private SacctAnswer lastSacctAnswer;
    private final List<List<String>> sacctCalls = new ArrayList<>();
    private final List<List<String>> sacctNameLookups = new ArrayList<>();
    private final List<List<String>> cancels = new ArrayList<>();
    private final List<QueuedJob> queue = new ArrayList<>();
    private final List<QueueQuery> queueQueries = new ArrayList<>();
    private final Set<String> cancelled = new HashSet<>();

    // ---- scripting ----

    /** The Nth sbatch call (1-based, counting failed calls) fails with {@code failure}; nothing is submitted. */
    FakeSlurm failSbatch(int call, SlurmException failure) {
        sbatchFailures.put(call, new SbatchFailure(failure, false));
        return this;
    }

    /**
     * The Nth sbatch call times out after slurmctld accepted the job: the job exists (squeue lists it) but sbatch's
     * reply with its id was lost.
     */
    FakeSlurm timeOutAfterSubmitting(int call) {
        sbatchFailures.put(call, new SbatchFailure(transientFailure("sbatch timed out after 60 s"), true));
        return this;
    }

    /**
     * The process running the engine dies during the Nth sbatch call: before slurmctld got the job, or (when
     * {@code jobCreated}) after it accepted it but before sbatch's reply was read.
     */
    FakeSlurm dieDuringSbatch(int call, boolean jobCreated) {
        sbatchFailures.put(call, new SbatchFailure(new Killed("killed during sbatch call " + call), jobCreated));
        return this;
    }

    /** While the Nth sbatch call runs (before it returns its id), {@code meanwhile} happens elsewhere. */
    FakeSlurm duringSbatch(int call, Runnable meanwhile) {
        sbatchMeanwhile.put(call, meanwhile);
        return this;
    }

    /** sacct's next answers, in order; the last one is given again to every later query. Replaces any script left. */
    FakeSlurm sacctAnswers(SacctAnswer... answers) {
        sacctScript.clear();
        sacctScript.addAll(List.of(answers));
        lastSacctAnswer = null;
        return this;
    }

    FakeSlurm sacctPrints(String... texts) {
        return sacctAnswers(java.util.Arrays.stream(texts).map(Prints::new).toArray(SacctAnswer[]::new));
    }

    /** squeue lists this job too (e.g. one sbatch accepted for a submitter that died before recording its id). */
    FakeSlurm queueKnows(String jobId, String name, JobState state) {
        queue.add(new QueuedJob(jobId, jobId, name, state, "None", Optional.empty()));
        return this;
    }

    /** How a contact failure looks: the same command may succeed later. */
    static SlurmException transientFailure(String message) {
        return new SlurmException(message, List.of("sbatch"), SlurmException.NO_EXIT_CODE,
                "sbatch: error: Batch job submission failed: Socket timed out on send/recv operation", true);
    }

    /** A real sbatch refusal (slurm-22.05/sbatch-errors.txt, memory above every node): permanent. */
    static SlurmException memoryRefusal() {
        String stderr = "sbatch: error: Memory specification can not be satisfied\n"
                + "sbatch: error: Batch job submission failed: Requested node configuration is not available\n";
        return new SlurmException("sbatch failed (exit 1): Batch job submission failed: Requested node configuration"
                + " is not available", List.of("sbatch"), 1, stderr, false);
    }

    static SlurmException sacctUnreachable() {
        return new SlurmException("sacct failed (exit 1): Problem talking to the database: Connection refused",
                List.of("sacct"), 1, "sacct: error: Problem talking to the database: Connection refused", true);
    }

    // ---- Slurm ----

    @Override
    public String submit(List<String> sbatchArgs, Path workDir, Map<String, String> environment) {
        sbatchCalls++;
        Runnable meanwhile = sbatchMeanwhile.get(sbatchCalls);
        if (meanwhile != null) {
            meanwhile.run();
        }
        SbatchFailure failure = sbatchFailures.get(sbatchCalls);
        if (failure != null) {
            if (failure.jobCreatedAnyway()) {
                accept(sbatchArgs, workDir, environment);
            }
            throw failure.failure();
        }
        return accept(sbatchArgs, workDir, environment).jobId();
    }

    private Submission accept(List<String> sbatchArgs, Path workDir, Map<String, String> environment) {
        Submission s = new Submission(Long.toString(nextJobId++), sbatchArgs, workDir, environment);
        submissions.add(s);
        queue.add(new QueuedJob(s.jobId(), s.jobId(), s.jobName(), JobState.PENDING, "None", Optional.empty()));
        return s;
    }

    @Override
    public String accounting(List<String> sacctArgs) {
        boolean lookupByName = sacctArgs.stream().anyMatch(a -> a.startsWith("--name="));
        if (lookupByName) {
            // The submitter's fallback when squeue no longer lists a job: nothing here has left squeue.
            sacctNameLookups.add(List.copyOf(sacctArgs));
            return "";
        }
        sacctCalls.add(List.copyOf(sacctArgs));
        SacctAnswer answer = sacctScript.isEmpty() ? lastSacctAnswer : sacctScript.poll();
        if (answer == null) {
            throw new AssertionError("sacct was asked " + sacctArgs + " but the test scripted no answer");
        }
        lastSacctAnswer = answer;
        if (answer instanceof Fails fails) {
            throw fails.failure();
        }
        return inAskedColumns(((Prints) answer).text(), sacctArgs);
    }

    /**
     * The scripted answers are real sacct output in the STANDARD columns (the fixtures'); a caller that asks for
     * other columns ({@code --format=}) gets the same rows in those columns, as sacct would print them (a column the
     * fixture lacks, such as AllocCPUS, is blank). Lines that are not STANDARD rows pass unchanged.
     */
    static String inAskedColumns(String text, List<String> sacctArgs) {
        List<SacctColumn> asked = sacctArgs.stream()
                .filter(a -> a.startsWith("--format="))
                .findFirst()
                .map(a -> SacctFormat.fromHeader(a.substring("--format=".length()).replace(',', '|'), "|").columns())
                .orElse(SacctFormat.STANDARD.columns());
        List<SacctColumn> standard = SacctFormat.STANDARD.columns();
        if (asked.equals(standard)) {
            return text;
        }
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            String[] fields = line.split("\\|", -1);
            if (line.isEmpty() || fields.length != standard.size()) {
                out.append(line).append('\n');
                continue;
            }
            List<String> projected = new ArrayList<>();
            for (SacctColumn column : asked) {
                int at = standard.indexOf(column);
                projected.add(at < 0 ? "" : fields[at]);
            }
            out.append(String.join("|", projected)).append('\n');
        }
        return out.toString().replaceAll("\n+$", "\n");
    }

    @Override
    public void cancel(Collection<String> jobIds) {
        cancels.add(List.copyOf(jobIds));
        cancelled.addAll(jobIds);
    }

    @Override
    public List<QueuedJob> queue(QueueQuery query) {
        queueQueries.add(query);
        return queue.stream()
                .filter(j -> query.names().contains(j.name()) || query.jobIds().contains(j.jobId()))
                .toList();
    }

    @Override
    public ClusterInfo clusterInfo() {
        return cluster;
    }

    /** The captured QOS of the local cluster (its sacctmgr answer replayed). */
    @Override
    public List<dev.memescalate.slurm.QosInfo> qos() {
        sacctmgrCalls++;
        return Fixtures.siteQos();
    }

    /** The captured associations of the local cluster's users (root has bio and root). */
    @Override
    public List<String> accounts(String user) {
        sacctmgrCalls++;
        return Fixtures.siteAccounts(user);
    }

    int sacctmgrCalls() {
        return sacctmgrCalls;
    }

    // ---- what happened ----

    List<Submission> submissions() {
        return List.copyOf(submissions);
    }

    Submission submission(String jobId) {
        return submissions.stream().filter(s -> s.jobId().equals(jobId)).findFirst()
                .orElseThrow(() -> new AssertionError("no job " + jobId + " was submitted"));
    }

    List<Submission> submissionsNamed(String jobName) {
        return submissions.stream().filter(s -> s.jobName().equals(jobName)).toList();
    }

    int sbatchCalls() {
        return sbatchCalls;
    }

    List<List<String>> sacctCalls() {
        return List.copyOf(sacctCalls);
    }

    List<List<String>> cancels() {
        return List.copyOf(cancels);
    }

    Set<String> cancelled() {
        return Set.copyOf(cancelled);
    }

    List<QueueQuery> queueQueries() {
        return List.copyOf(queueQueries);
    }
}
