package dev.memescalate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memescalate.indexset.IndexSet;
import dev.memescalate.slurm.Sleeper;
import dev.memescalate.store.ChainRecord;
import dev.memescalate.store.ChainStatus;
import dev.memescalate.store.ChainStore;
import dev.memescalate.store.RoundKind;
import dev.memescalate.store.RoundRecord;
import dev.memescalate.store.RoundStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Issue 8, bad input: one row per thing a user can get wrong, run through the real command line
 * ({@link Main#commandLine(CliEnvironment)}) with a Slurm that replays the local cluster's captured scontrol output.
 * Every row must end with exit code 2, one message on stderr that says what was wrong, where (the option, the
 * FILE:LINE) and what to do, no stack trace, no sbatch and no scancel, and not one byte changed under the test's
 * directories (the tracker directory holds a store with one chain, so "unchanged" is checked on a real store).
 *
 * <p>The rows that need the real cluster's own answers (an index above its MaxArraySize, a partition it lacks, a
 * script only root can read) are in {@code dev.memescalate.it.BadInputIT}.
 */
class BadInputTest {
    private static final String CHAIN = "c0ffee01";
    private static final String LADDER = """
            levels:
              - partition: day
                mem: 200M
                time: 1
              - partition: week
                mem: 2G
                time: 2
            handler:
              partition: pi_jetz
            """;
    private static final String ONE_LEVEL = "levels:\n  - partition: day\n    mem: 1G\n    time: 1\n";
    /** A refusal must not take long: the alias bomb and the 10 MB file are refused without being expanded or read. */
    private static final Duration QUICKLY = Duration.ofSeconds(10);

    @TempDir
    static Path root;
    static Path work;
    static Path tracker;
    static Path script;
    static Path ladder;
    static Path jar;

    @BeforeAll
    static void fixture() throws IOException {
        work = Files.createDirectories(root.resolve("work"));
        tracker = root.resolve("tracker");
        script = Files.writeString(work.resolve("job.sh"), "#!/bin/sh\necho \"$SLURM_ARRAY_TASK_ID\"\n");
        ladder = Files.writeString(work.resolve("ladder.yaml"), LADDER);
        jar = Files.writeString(work.resolve("mem-escalate.jar"), "not run: nothing is submitted");
        try (ChainStore store = ChainStore.open(tracker.resolve("chains.db"))) {
            Instant t0 = Instant.parse("2026-11-21T10:00:00Z");
            Path chainDir = Files.createDirectories(tracker.resolve("chains").resolve(CHAIN));
            Files.copy(script, chainDir.resolve("job.sh"));
            store.write(tx -> {
                tx.chains().insert(new ChainRecord(CHAIN, t0, ChainStatus.RUNNING, Optional.empty(), script,
                        chainDir.resolve("job.sh"), List.of("a"), List.of(), "0-2", OptionalInt.empty(), "job.sh",
                        "%x.out", "%x.out", LADDER, Optional.of(ladder), 0, 1, work, chainDir, "host", "user"));
                tx.rounds().insert(new RoundRecord(CHAIN, 1, 0, IndexSet.range(0, 2), OptionalInt.empty(),
                        RoundKind.INITIAL, RoundStatus.DONE, t0, Optional.of(t0), Optional.of(t0), Optional.of(t0),
                        List.of()));
                tx.chains().updateStatus(CHAIN, ChainStatus.COMPLETED, Optional.of(t0.plusSeconds(60)));
                return null;
            });
        }
    }

    /** One bad input: its name, the command line (built when the row runs) and what the message must mention. */
    record Case(String name, Supplier<List<String>> argv, List<String> mentions) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> badInputs() {
        List<Case> rows = new ArrayList<>();
        options(rows);
        arraySpecs(rows);
        levels(rows);
        scripts(rows);
        configs(rows);
        exportsAndNames(rows);
        levelOptions(rows);
        sbatchOptions(rows);
        scriptDirectives(rows);
        chainIds(rows);
        reportOutputs(rows);
        return rows.stream();
    }

    private static void options(List<Case> rows) {
        rows.add(row("unknown option", List.of("Unknown option: '--bogus'", "submit --help"),
                () -> submit("0-3", ladder, script, "--bogus")));
        rows.add(row("unknown command", List.of("'frobnicate'", "mem-escalate --help"), () -> List.of("frobnicate")));
        rows.add(row("--throttle not a number", List.of("'--throttle'", "'abc' is not a whole number"),
                () -> submit("0-3", ladder, script, "--throttle=abc")));
        rows.add(row("--throttle empty", List.of("'--throttle'", "is not a whole number"),
                () -> submit("0-3", ladder, script, "--throttle=")));
        rows.add(row("--throttle a fraction", List.of("'--throttle'", "'1.5' is not a whole number"),
                () -> submit("0-3", ladder, script, "--throttle=1.5")));
        rows.add(row("--throttle overflowing int", List.of("'--throttle'", "too large; give at most 2147483647"),
                () -> submit("0-3", ladder, script, "--throttle=99999999999")));
        rows.add(row("--throttle 0", List.of("--throttle=0", "at least 1"),
                () -> submit("0-3", ladder, script, "--throttle=0")));
        rows.add(row("--throttle negative", List.of("--throttle=-5", "at least 1"),
                () -> submit("0-3", ladder, script, "--throttle=-5")));
        rows.add(row("--throttle hugely negative", List.of("'--throttle'", "too small"),
                () -> submit("0-3", ladder, script, "--throttle=-99999999999")));
        rows.add(row("--throttle without its value", List.of("'--throttle'", "submit --help"),
                () -> List.of("submit", "--array=0-3", "--config=" + ladder, "--throttle")));
        rows.add(row("--max-level not a number", List.of("'--max-level'", "'x' is not a whole number"),
                () -> submit("0-3", ladder, script, "--max-level=x")));
        rows.add(row("--max-level overflowing int", List.of("'--max-level'", "too large"),
                () -> submit("0-3", ladder, script, "--max-level=2147483648")));
        rows.add(row("--max-level negative", List.of("--max-level=-1", "levels 0 to 1"),
                () -> submit("0-3", ladder, script, "--max-level=-1")));
        rows.add(row("--start-level not a number", List.of("'--start-level'", "is not a whole number"),
                () -> submit("0-3", ladder, script, "--start-level=one")));
        rows.add(row("--start-level neither a number nor auto", List.of("'--start-level'", "is not a whole number",
                "or give auto to start each task where it last completed"),
                () -> submit("0-3", ladder, script, "--start-level=best")));
        rows.add(row("--start-level negative", List.of("--start-level=-1", "levels 0 to 1"),
                () -> submit("0-3", ladder, script, "--start-level=-1")));
        rows.add(row("--start-level overflowing int", List.of("'--start-level'", "too large"),
                () -> submit("0-3", ladder, script, "--start-level=99999999999")));
        rows.add(row("--interval 0", List.of("--interval=0", "at least 1 second"),
                () -> List.of("status", CHAIN, "--watch", "--interval=0")));
        rows.add(row("--interval negative", List.of("--interval=-5", "at least 1 second"),
                () -> List.of("status", CHAIN, "--watch", "--interval=-5")));
        rows.add(row("--interval not a number", List.of("'--interval'", "'soon' is not a whole number"),
                () -> List.of("status", CHAIN, "--interval=soon")));
        rows.add(row("--interval overflowing int", List.of("'--interval'", "too large"),
                () -> List.of("status", CHAIN, "--interval=4294967296")));
        rows.add(row("--array without its value", List.of("'--array'", "submit --help"),
                () -> List.of("submit", "--config=" + ladder, "--array")));
        rows.add(row("--array missing", List.of("Missing required option: '--array=SPEC'", "submit --help"),
                () -> submit(null, ladder, script)));
        rows.add(row("SCRIPT missing", List.of("Missing required parameter: 'SCRIPT'", "submit --help"),
                () -> submit("0-3", ladder, null)));
        rows.add(row("--config without its value", List.of("'--config'", "submit --help"),
                () -> List.of("submit", "--array=0-3", "--config")));
        rows.add(row("no config at all", List.of("no config given", "pass --config FILE"),
                () -> submit("0-3", null, script)));
        rows.add(row("--config no such file", List.of("--config " + work.resolve("nosuch.yaml"), "no such file"),
                () -> submit("0-3", work.resolve("nosuch.yaml"), script)));
        rows.add(row("compress-indices --max-len not a number", List.of("'--max-len'", "is not a whole number"),
                () -> List.of("compress-indices", "--max-len=long", "1-5")));
        rows.add(row("--format unknown", List.of("'--format'", "markdown, json"),
                () -> List.of("generate-report", "--all", "--format=pdf")));
    }

    private static void arraySpecs(List<Case> rows) {
        rows.add(array("reversed range", "9-3", "backwards", "3-9"));
        rows.add(array("negative index", "-1", "cannot be negative", "start at 0"));
        rows.add(array("negative start of a range", "-5-3", "cannot be negative", "start at 0"));
        rows.add(array("step 0", "0-9:0", "the step must be at least 1", "0-9:0"));
        rows.add(array("overflowing int in a range", "0-99999999999999999999", "index 99999999999999999999",
                "too large", "4000000"));
        rows.add(array("overflowing int alone", "4294967296", "too large", "4000000"));
        rows.add(row("--array above MaxArraySize with index_mapping: never (captured scontrol)",
                List.of("--array=0-20000: ", "MaxArraySize 10001", "10000", "leave out index_mapping: never"),
                () -> submit("0-20000", file("never.yaml", LADDER + "index_mapping: never\n"), script)));
        rows.add(row("--array with more tasks than MaxJobCount allows (captured scontrol: 10000)",
                List.of("--array=0-9999: 10000 tasks", "MaxJobCount of 10000", "at most 9996 tasks per chain"),
                () -> submit("0-9999", file("ladder.yaml", LADDER), script)));
        rows.add(array("empty", "", "names no indices", "a range (0-99)"));
        rows.add(array("blank", "   ", "names no indices", "a range (0-99)"));
        rows.add(array("garbage", "abc", "\"abc\" is not valid", "a range (0-99)"));
        rows.add(array("unicode digits", "\u0663-\u0669", "is not valid", "a range (0-99)"));
        rows.add(array("empty part", "1,,2", "part 2 is empty", "remove the extra comma"));
        rows.add(array("step without a range", "5:2", "a step needs a range", "5-<last>:2"));
        rows.add(array("two dashes", "1-2-3", "is not valid", "a range (0-99)"));
        rows.add(array("unbalanced bracket", "[0-9", "is not valid", "a range (0-99)"));
        rows.add(array("throttle inside the spec", "0-9%4", "--throttle=4", "every round"));
        rows.add(array("throttle 0 inside the spec", "0-9%0", "throttle", "at least 1"));
        rows.add(array("shell metacharacters", "0-3;rm -rf /", "is not valid", "a range (0-99)"));
    }

    private static void levels(List<Case> rows) {
        rows.add(row("--max-level below --start-level", List.of("--max-level=0 is below --start-level=1",
                "at or above the start level"), () -> submit("0-3", ladder, script, "--start-level=1",
                        "--max-level=0")));
        rows.add(row("--max-level above the ladder", List.of("--max-level=5", "levels 0 to 1"),
                () -> submit("0-3", ladder, script, "--max-level=5")));
        rows.add(row("--start-level above the ladder", List.of("--start-level=2", "levels 0 to 1"),
                () -> submit("0-3", ladder, script, "--start-level=2")));
    }

    private static void scripts(List<Case> rows) {
        rows.add(row("script missing", List.of("script " + work.resolve("nosuch.sh"), "no such file"),
                () -> submit("0-3", ladder, work.resolve("nosuch.sh"))));
        rows.add(row("script is a directory", List.of("script " + work, "is a directory"),
                () -> submit("0-3", ladder, work)));
        rows.add(row("script is a FIFO (root reads any file; a FIFO it cannot take)",
                List.of("script " + work.resolve("fifo.sh"), "not a regular file"),
                () -> submit("0-3", ladder, fifo("fifo.sh"))));
        rows.add(row("script is a dangling symlink", List.of("script " + work.resolve("dangling.sh"),
                "symbolic link to " + work.resolve("gone.sh") + ", which does not exist"),
                () -> submit("0-3", ladder, danglingLink("dangling.sh", "gone.sh"))));
        rows.add(row("script name with a newline (the default job name)",
                List.of("the script's file name", "newline", "--job-name"),
                () -> submit("0-3", ladder, file("two\nlines.sh", "#!/bin/sh\n"))));
        rows.add(row("script name with a comma (the default job name)",
                List.of("the script's file name", "comma", "--job-name"),
                () -> submit("0-3", ladder, file("a,b.sh", "#!/bin/sh\n"))));
    }

    private static void configs(List<Case> rows) {
        rows.add(config("index_mapping unknown", LADDER + "index_mapping: sometimes\n",
                ":10: index_mapping: 'sometimes' is not one of auto, never, always"));
        rows.add(config("index_mapping a list", LADDER + "index_mapping: [auto]\n", ":10:", "index_mapping"));
        rows.add(config("index_mapping empty", LADDER + "index_mapping:\n", ":10:", "index_mapping"));
        rows.add(config("index_mapping a boolean", LADDER + "index_mapping: true\n",
                "'true' is not one of auto, never, always"));
        rows.add(config("YAML syntax error", "levels:\n  - partition: day\n   mem: 1G\n",
                ":3:4: not valid YAML", "check indentation"));
        rows.add(config("tab indentation", "levels:\n\t- partition: day\n", ":2:1: not valid YAML",
                "spaces, not tabs"));
        rows.add(config("unclosed quote", "levels:\n  - partition: \"day\n", "not valid YAML", "quotes"));
        rows.add(config("levels of the wrong type", "levels: 5\n", ":1: 'levels' must be a list", "'- '"));
        rows.add(config("mem of the wrong type", "levels:\n  - partition: day\n    mem: [1]\n    time: 1\n",
                ":3: level 0: mem: expected a single value", "found a list"));
        rows.add(config("top level is a list", "- levels\n", ":1: the config must be a mapping", "levels:"));
        rows.add(config("unknown top-level key", ONE_LEVEL + "levles: 3\n", ":5: unknown key 'levles'",
                "did you mean 'levels'"));
        rows.add(config("unknown key in a level", "levels:\n  - partition: day\n    memory: 1G\n    time: 1\n",
                ":3:", "memory"));
        rows.add(config("ladder going down", ONE_LEVEL + "  - partition: day\n    mem: 500M\n    time: 1\n",
                ":5: level 1", "order levels from smallest to largest"));
        rows.add(config("unknown state", ONE_LEVEL + "state_handling:\n  OOM: escalate\n",
                ":6: state_handling: unknown state 'OOM'", "OUT_OF_MEMORY"));
        rows.add(config("unknown action", ONE_LEVEL + "state_handling:\n  OUT_OF_MEMORY: explode\n",
                ":6: state_handling.OUT_OF_MEMORY: unknown action 'explode'", "escalate, retry, no_retry"));
        rows.add(config("bad memory unit", "levels:\n  - partition: day\n    mem: 1X\n    time: 1\n",
                ":3: level 0: mem: invalid memory '1X'", "512M, 2G"));
        rows.add(config("bad time unit", "levels:\n  - partition: day\n    mem: 1G\n    time: 1h\n",
                ":4: level 0: time: invalid time '1h'", "1:00:00"));
        rows.add(config("negative memory", "levels:\n  - partition: day\n    mem: -1G\n    time: 1\n",
                ":3: level 0: mem:", "1024K, 512M, 2G, 1T"));
        rows.add(config("duplicate key", ONE_LEVEL + "max_retries: 1\nmax_retries: 2\n",
                ":6: key 'max_retries' appears twice", "keep only one"));
        rows.add(config("a second document", ONE_LEVEL + "---\nlevels: []\n", ":6: a second YAML document",
                "remove the '---'"));
        rows.add(config("levels and separate ladders", ONE_LEVEL + "escalation: by_reason\nmemory: [1G]\n"
                + "time: [\"1:00\"]\n", ":6: 'memory' is for separate memory: and time: ladders, but the config has"
                + " 'levels:'", "give either levels:"));
        rows.add(config("separate ladders without by_reason", "memory: [1G]\ntime: [\"1:00\"]\npartitions: [day]\n",
                ":1: separate 'memory:' and 'time:' ladders need escalation: by_reason", "set escalation: by_reason"));
        rows.add(config("a pair of steps sharing no partition", "escalation: by_reason\nmemory:\n"
                + "  - {mem: 1G, partitions: [day]}\ntime:\n  - {time: \"1:00\", partitions: [week]}\n",
                ":3: the pair memory level 0 / time level 0: memory step 0 (1G, partitions day) and time step 0"
                        + " (00:01:00, partitions week) share no partition", "add a partition to one of the two"));
        rows.add(config("empty file", "", "the config is empty", "config/default.yaml"));
        rows.add(config("only a comment", "# nothing here\n", "the config is empty", "config/default.yaml"));
        rows.add(config("YAML alias bomb (billion laughs)", """
                a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
                b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
                c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
                d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
                e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
                f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
                g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
                h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
                levels: [*h]
                """, ":2: YAML aliases ('*a') are not supported", "write the value out"));
        rows.add(config("nested 5000 deep", "levels: " + "[".repeat(5000) + "]".repeat(5000) + "\n",
                "nest deeper than 20 levels", "check the indentation"));
        rows.add(row("10 MB file", List.of("config file " + work.resolve("big.yaml") + " is 10485", "at most 1048576"),
                () -> submit("0-3", bigConfig("big.yaml", 10 * 1024 * 1024), script)));
        rows.add(row("just over 1 MB", List.of("big2.yaml is 1048577 bytes", "is it the right file?"),
                () -> submit("0-3", bigConfig("big2.yaml", 1024 * 1024 + 1), script)));
        rows.add(row("binary file", List.of("binary.yaml is not a text file", "NUL byte at offset 0"),
                () -> submit("0-3", bytes("binary.yaml", allBytes()), script)));
        rows.add(row("Latin-1 file", List.of("latin1.yaml is not a text file", "not UTF-8"),
                () -> submit("0-3", bytes("latin1.yaml", "levels: # caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1)),
                        script)));
        rows.add(row("config is a directory", List.of("config file " + work + " is a directory",
                "give the YAML file itself"), () -> submit("0-3", work, script)));
        rows.add(row("config is a FIFO", List.of("fifo.yaml is not a regular file", "give a YAML file"),
                () -> submit("0-3", fifo("fifo.yaml"), script)));
        rows.add(row("config is a dangling symlink", List.of("dangling.yaml does not exist",
                "symbolic link to a missing file"), () -> submit("0-3", danglingLink("dangling.yaml", "gone.yaml"),
                        script)));
        rows.add(row("check-config of a binary file", List.of("binary2.yaml is not a text file", "NUL byte"),
                () -> List.of("check-config", bytes("binary2.yaml", allBytes()).toString())));
        rows.add(row("status --config of a directory", List.of("config file " + work + " is a directory",
                "give the YAML file itself"), () -> List.of("status", CHAIN, "--config=" + work)));
        rows.add(config("log_dir with a backslash", ONE_LEVEL + "log_dir: /tmp/logs\\here\n",
                "log_dir /tmp/logs\\here", "choose a directory without them"));
    }

    private static void exportsAndNames(List<Case> rows) {
        rows.add(export("empty item", "", "--export: an empty item", "NAME=value"));
        rows.add(export("empty item between two", "A=1,,B=2", "--export: an empty item", "NAME=value"));
        rows.add(export("NONE", "NONE", "--export=NONE", "give only the extra NAME=value items"));
        rows.add(export("NIL", "NIL", "--export=NIL", "give only the extra NAME=value items"));
        rows.add(export("name starting with a digit", "1FOO=x", "'1FOO' is not a variable name",
                "letters, digits and _"));
        rows.add(export("name with a space", "A B=x", "'A B' is not a variable name", "letters, digits and _"));
        rows.add(export("name with a dash", "FOO-BAR=1", "'FOO-BAR' is not a variable name", "letters, digits and _"));
        rows.add(export("no name", "=x", "'' is not a variable name", "letters, digits and _"));
        rows.add(export("name with $(...)", "$(touch x)=1", "is not a variable name", "letters, digits and _"));
        rows.add(export("one of mem-escalate's own variables", "MEM_ESCALATE_LEVEL=3",
                "mem-escalate sets MEM_ESCALATE_LEVEL", "use another name"));
        rows.add(row("--job-name with a newline", List.of("from --job-name", "newline"),
                () -> submit("0-3", ladder, script, "--job-name=fit\nplot")));
        rows.add(row("--job-name with a tab", List.of("from --job-name", "control character"),
                () -> submit("0-3", ladder, script, "--job-name=fit\tplot")));
        rows.add(row("--job-name with a comma", List.of("'fit,plot' from --job-name", "comma"),
                () -> submit("0-3", ladder, script, "--job-name=fit,plot")));
        rows.add(row("--tracker-dir with %", List.of("the tracker directory " + root.resolve("tr%jack"),
                "choose a directory without them"), () -> submit("0-3", ladder, script,
                        "--tracker-dir=" + root.resolve("tr%jack"))));
    }

    /** A level's qos, account, constraint, cpus_per_task, gres and sbatch: bad values, and what the cluster lacks. */
    private static void levelOptions(List<Case> rows) {
        String level0 = "levels:\n  - partition: day\n    mem: 1G\n    time: 1\n";
        rows.add(config("level sbatch with an option the tool owns", level0 + "    sbatch: [--array=0-9]\n",
                ":5: level 0: sbatch: '--array=0-9': --array is mem-escalate's", "submit --array"));
        rows.add(config("level sbatch with an option a key owns", level0 + "    sbatch: [-t 5]\n",
                ":5: level 0: sbatch: '-t 5': --time is the level key 'time'", "set it there"));
        rows.add(config("level sbatch with a typo", level0 + "    sbatch: [--licences=matlab]\n",
                ":5: level 0: sbatch: '--licences=matlab' is not an sbatch option", "did you mean '--licenses'?"));
        rows.add(config("level sbatch not a list", level0 + "    sbatch: --requeue\n",
                ":5: level 0: sbatch: must be a list of sbatch options", "one per item"));
        rows.add(config("level sbatch with a value as its own item", level0 + "    sbatch: [--nodes, '1']\n",
                ":5: level 0: sbatch: '--nodes': --nodes needs a value", "--name=value"));
        rows.add(config("level cpus_per_task 0", level0 + "    cpus_per_task: 0\n",
                ":5: level 0: cpus_per_task: '0' is not valid", "whole number from 1"));
        rows.add(config("level gres malformed", level0 + "    gres: 'gpu:'\n",
                ":5: level 0: gres: gres 'gpu:'", "NAME[:TYPE][:COUNT]"));
        rows.add(config("level constraint with blanks", level0 + "    constraint: bigmem && fast\n",
                ":5: level 0: constraint: constraint 'bigmem && fast'", "without blanks"));
        rows.add(config("level qos of two words", level0 + "    qos: very long\n",
                ":5: level 0: qos: 'very long' is not a QOS name", "one name"));
        rows.add(config("level account with a comma", level0 + "    account: a,b\n",
                ":5: level 0: account: 'a,b' is not an account name", "one name"));
        rows.add(config("level gres the partition lacks (captured scontrol)", level0 + "    gres: fpga:1\n",
                "level 0: partition 'day' has no node with the generic resource fpga:1",
                "choose a partition with such nodes (pi_jetz)"));
        rows.add(config("level gres above every node (captured scontrol)",
                "levels:\n  - {partition: pi_jetz, mem: 1G, time: 1, gres: 'fpga:3'}\n",
                "partition 'pi_jetz' has no node with the generic resource fpga:3", "change the gres"));
        rows.add(config("level constraint the partition lacks (captured scontrol)", level0 + "    constraint: bigmem\n",
                "level 0: partition 'day' has no node with the features bigmem", "(pi_jetz, week)"));
        rows.add(config("level constraint no node has (captured scontrol)",
                "levels:\n  - {partition: week, mem: 1G, time: 1, constraint: 'bigmem|huge'}\n",
                "names huge, which no node of cluster 'lab' has", "Invalid feature specification"));
        rows.add(config("level cpus above every node (captured scontrol)", level0 + "    cpus_per_task: 8\n",
                "level 0: partition 'day' has no node with 8 CPUs", "ask for fewer CPUs"));
        rows.add(config("level cpus above MaxCPUsPerNode (captured scontrol)",
                "levels:\n  - {partition: devel, mem: 500M, time: 1, cpus_per_task: 3}\n",
                "partition 'devel' allows at most 2 CPUs per node (MaxCPUsPerNode)", "ask for fewer CPUs"));
        rows.add(config("level qos sacctmgr does not know (captured sacctmgr)", level0 + "    qos: lng\n",
                "level 0: QOS 'lng' (qos of level 0) is not a QOS of cluster 'lab'", "did you mean 'long'?"));
    }

    /** submit's sbatch options: values sbatch would refuse, and the options mem-escalate owns. */
    private static void sbatchOptions(List<Case> rows) {
        rows.add(option("--mem (a level key)", List.of("'--mem=4G': --mem is the level key 'mem'", "set it there"),
                "--mem=4G"));
        rows.add(option("-t (a level key)", List.of("'-t': --time is the level key 'time'", "set it there"), "-t", "5"));
        rows.add(option("--dependency (the tool's)", List.of("'--dependency=afterok:1': --dependency is"
                + " mem-escalate's", "chains the rounds"), "--dependency=afterok:1"));
        rows.add(option("--parsable (the tool's)", List.of("--parsable is mem-escalate's", "reads sbatch's reply"),
                "--parsable"));
        rows.add(option("--wrap (the tool's)", List.of("--wrap is mem-escalate's", "script given to submit"),
                "--wrap=hostname"));
        rows.add(option("--mem-per-cpu", List.of("--mem-per-cpu cannot be given beside the --mem", "'mem'"),
                "--mem-per-cpu=1G"));
        rows.add(option("another sbatch option", List.of("submit does not take sbatch's --ntasks",
                "a level's sbatch list", "#SBATCH line"), "--ntasks=2"));
        rows.add(option("an abbreviated option", List.of("'--acc=bio': write the option's whole name, --account"),
                "--acc=bio"));
        rows.add(option("-c 0", List.of("--cpus-per-task=0: give a whole number of CPUs", "at least 1"), "-c", "0"));
        rows.add(option("-c not a number", List.of("--cpus-per-task=two: give a whole number of CPUs"), "-c", "two"));
        rows.add(option("--gres malformed", List.of("--gres=gpu::1: gres 'gpu::1'", "NAME[:TYPE][:COUNT]"),
                "--gres=gpu::1"));
        rows.add(option("-C with blanks", List.of("--constraint=a b: constraint 'a b'", "without blanks"),
                "-C", "a b"));
        rows.add(option("--nodelist of a node the cluster lacks (captured scontrol)",
                List.of("--nodelist=day7: day7 is not a node of cluster 'lab'", "check the names"), "--nodelist=day7"));
        rows.add(option("-x of a node the cluster lacks (captured scontrol)",
                List.of("--exclude=nosuch: nosuch is not a node of cluster 'lab'"), "-x", "nosuch"));
        rows.add(option("--exclude of a billion nodes", List.of("--exclude=n[1-999999999]: names more than 100000"
                + " nodes"), "--exclude=n[1-999999999]"));
        rows.add(option("--exclude with a bad range", List.of("--exclude=n[9-1]: not a node list", "day[1-2]"),
                "--exclude=n[9-1]"));
        rows.add(option("--mail-type unknown", List.of("--mail-type=SOMETIMES: 'SOMETIMES' is not a mail type",
                "END"), "--mail-type=SOMETIMES"));
        rows.add(option("--mail-user with a blank", List.of("--mail-user=a b: give one address", "without blanks"),
                "--mail-user=a b"));
        rows.add(option("--comment with a newline", List.of("--comment=a?b: a comment cannot hold a newline",
                "on one line"), "--comment=a\nb"));
        rows.add(option("--begin garbage", List.of("--begin=someday: not a time sbatch takes", "now+1hour"),
                "--begin=someday"));
        rows.add(option("--nice out of range", List.of("--nice=99999999999: give a whole number from -2147483645"),
                "--nice=99999999999"));
        rows.add(option("--chdir missing", List.of("--chdir=" + root.resolve("no/such/dir") + ": does not exist"),
                "--chdir=" + root.resolve("no/such/dir")));
        rows.add(option("-p unknown partition (captured scontrol)", List.of("partition 'nosuch' does not exist",
                "existing partitions: devel, day, week, pi_jetz"), "-p", "nosuch"));
        rows.add(option("--partition with a blank", List.of("--partition=day week: give one partition or a comma"
                + " list"), "--partition=day week"));
        rows.add(option("-q unknown (captured sacctmgr)", List.of("QOS 'nosuch' (--qos) is not a QOS of cluster"
                + " 'lab'", "normal, long, short"), "-q", "nosuch"));
        rows.add(option("-A without an association (captured sacctmgr)", List.of("--account=nosuch: you (",
                "have no association with account 'nosuch'"), "-A", "nosuch"));
        rows.add(option("--requeue and --no-requeue", List.of("--requeue and --no-requeue: give one of them"),
                "--requeue", "--no-requeue"));
    }

    /** The script's #SBATCH lines that sbatch would refuse beside what mem-escalate passes, or that cannot run. */
    private static void scriptDirectives(List<Case> rows) {
        rows.add(row("script #SBATCH --mem-per-cpu", List.of("script memcpu.sh:2: #SBATCH --mem-per-cpu=1G",
                "remove the line"), () -> submit("0-3", ladder, file("memcpu.sh",
                        "#!/bin/sh\n#SBATCH --mem-per-cpu=1G\ntrue\n"))));
        rows.add(row("script #SBATCH word sbatch refuses", List.of("script badword.sh:2: 'b' is not an option",
                "fix the #SBATCH line"), () -> submit("0-3", ladder, file("badword.sh",
                        "#!/bin/sh\n#SBATCH --comment a\\ b\ntrue\n"))));
        rows.add(row("script #SBATCH -c above every node (captured scontrol)", List.of("level 0: partition 'day'"
                + " has no node with 16 CPUs", "(#SBATCH, cpus.sh:2)"), () -> submit("0-3", ladder, file("cpus.sh",
                        "#!/bin/sh\n#SBATCH -c 16\ntrue\n"))));
    }

    private static Case option(String name, List<String> mentions, String... options) {
        return row("submit " + name, mentions, () -> submit("0-3", ladder, script, options));
    }

    /** Chain ids that are not 8 hexadecimal digits, for every command that takes one. */
    private static void chainIds(List<Case> rows) {
        List<String> badIds = List.of("../../etc/passwd", "*", "", "a".repeat(500), "c0ffee01;rm -rf /",
                "$(touch /tmp/mem-escalate-pwned)", "`id`", "c0ffee01\n", "C0FFEE01", "c0ffee0", "' OR 1=1 --");
        List<List<String>> commands = List.of(List.of("status"), List.of("cancel"), List.of("resume"),
                List.of("generate-report"), List.of("generate-report", CHAIN), List.of("--status"));
        for (String id : badIds) {
            for (List<String> command : commands) {
                List<String> argv = new ArrayList<>(command);
                argv.add(id);
                rows.add(row(String.join(" ", command) + " '" + shortName(id) + "'",
                        List.of("chain id '", "8 hexadecimal digits submit printed"), () -> argv));
            }
            rows.add(row("list --state '" + shortName(id) + "'", List.of("--state=", "not a chain state",
                    "give one of SUBMITTING"),
                    () -> List.of("list", "--state=" + id)));
        }
    }

    private static void reportOutputs(List<Case> rows) {
        rows.add(row("generate-report -o a directory", List.of("-o " + work, "is a directory; give a file name"),
                () -> List.of("generate-report", CHAIN, "-o", work.toString())));
        rows.add(row("generate-report -o in a missing directory", List.of("-o " + work.resolve("no/such/report.md"),
                "the directory " + work.resolve("no/such") + " does not exist; create it"),
                () -> List.of("generate-report", CHAIN, "-o",
                        work.resolve("no/such/report.md").toString())));
        rows.add(row("generate-report without chains or --all", List.of("give chain ids or --all", "not neither"),
                () -> List.of("generate-report")));
        rows.add(row("generate-report with chains and --all", List.of("give chain ids or --all", "not both"),
                () -> List.of("generate-report", "--all", CHAIN)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void isRefusedWithExitCodeTwoOneMessageAndNothingSubmittedOrWritten(Case c) {
        List<String> argv = c.argv().get();
        Map<String, String> before = tree(root);
        ReplayingSlurm slurm = new ReplayingSlurm();
        CliEnvironment env = new CliEnvironment(Map.of(Tracker.HOME_VARIABLE, tracker.toString(),
                HandlerJar.VARIABLE, jar.toString()), () -> slurm, Clock.fixed(Instant.parse(
                        "2026-11-21T12:00:00Z"), ZoneOffset.UTC), ZoneOffset.UTC, Terminal.PLAIN,
                Sleeper.THREAD_SLEEP);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = Main.commandLine(env);
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));

        long start = System.nanoTime();
        int exitCode = cmd.execute(argv.toArray(String[]::new));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        String message = err.toString();
        assertThat(exitCode).as("exit code; stderr:%n%s", message).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(message).startsWith("mem-escalate: ").containsOnlyOnce("mem-escalate: ");
        assertThat(message).contains(c.mentions());
        assertThat(message).doesNotContain("Exception", "at dev.", "\tat ");
        assertThat(out.toString()).as("stdout").isEmpty();
        assertThat(slurm.sbatchCalls()).as("sbatch calls").isEmpty();
        assertThat(slurm.cancels()).as("scancel calls").isEmpty();
        assertThat(tree(root)).as("the tracker and work directories, byte for byte").isEqualTo(before);
        assertThat(took).as("time to refuse").isLessThan(QUICKLY);
    }

    // ---- rows ----

    private static Case row(String name, List<String> mentions, Supplier<List<String>> argv) {
        return new Case(name, argv, mentions);
    }

    private static Case array(String name, String spec, String... mentions) {
        List<String> all = new ArrayList<>(List.of("--array=" + spec + ": "));
        all.addAll(Arrays.asList(mentions));
        return row("--array " + name + " '" + shortName(spec) + "'", all, () -> submit(spec, ladder, script));
    }

    private static Case config(String name, String yaml, String... mentions) {
        String file = name.replaceAll("[^A-Za-z0-9]+", "-") + ".yaml";
        List<String> all = new ArrayList<>();
        for (String m : mentions) {
            all.add(m.startsWith(":") ? file + m : m); // ":3:4: ..." is FILE:LINE:COLUMN
        }
        return row("config " + name, all, () -> submit("0-3", file(file, yaml), script));
    }

    private static Case export(String name, String item, String... mentions) {
        return row("--export " + name, List.of(mentions), () -> submit("0-3", ladder, script, "--export=" + item));
    }

    /** {@code submit [--array=SPEC] [--config=FILE] OPTIONS... [SCRIPT]}; a null leaves that part out. */
    private static List<String> submit(String array, Path config, Path scriptPath, String... options) {
        List<String> argv = new ArrayList<>(List.of("submit"));
        if (array != null) {
            argv.add("--array=" + array);
        }
        if (config != null) {
            argv.add("--config=" + config);
        }
        argv.addAll(Arrays.asList(options));
        if (scriptPath != null) {
            argv.add(scriptPath.toString());
        }
        return argv;
    }

    private static String shortName(String text) {
        String shown = text.replace("\n", "\\n");
        return shown.length() > 20 ? shown.substring(0, 12) + "...(" + text.length() + " chars)" : shown;
    }

    // ---- files ----

    private static Path file(String name, String text) {
        return bytes(name, text.getBytes(StandardCharsets.UTF_8));
    }

    private static Path bytes(String name, byte[] content) {
        try {
            return Files.write(work.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] allBytes() {
        byte[] b = new byte[256];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    /** A valid ladder followed by comment lines up to {@code size} bytes. */
    private static Path bigConfig(String name, int size) {
        StringBuilder text = new StringBuilder(size).append(ONE_LEVEL);
        while (text.length() < size) {
            text.append("# ").append("x".repeat(Math.min(100, Math.max(0, size - text.length() - 3)))).append('\n');
        }
        text.setLength(size);
        return file(name, text.toString());
    }

    private static Path fifo(String name) {
        Path path = work.resolve(name);
        try {
            if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                Process p = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
                assertThat(p.waitFor()).as("mkfifo").isZero();
            }
            return path;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path danglingLink(String name, String missingTarget) {
        Path link = work.resolve(name);
        try {
            if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(link, work.resolve(missingTarget));
            }
            return link;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every path under {@code dir} with what it is: a directory, a link and its target, a FIFO, or a regular file's
     * mode, size and SHA-256. FIFOs are never opened (that would block).
     */
    static Map<String, String> tree(Path dir) {
        Map<String, String> entries = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.toList()) {
                String key = dir.relativize(p).toString();
                if (Files.isSymbolicLink(p)) {
                    entries.put(key, "link -> " + Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    entries.put(key, "dir " + Files.getPosixFilePermissions(p));
                } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    entries.put(key, "file " + Files.getPosixFilePermissions(p) + " " + Files.size(p) + " "
                            + sha256(p));
                } else {
                    entries.put(key, "other");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
