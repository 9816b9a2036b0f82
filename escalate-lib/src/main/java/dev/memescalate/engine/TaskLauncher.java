package dev.memescalate.engine;

import dev.memescalate.indexset.IndexSet;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The batch script of a renumbered array job (see {@link ArrayParts}): Slurm runs it as array task {@code k} of
 * {@code 0-(n-1)}; it reads the task's real index from line {@code offset + k} of the round's index map, sends its
 * output where the chain's {@code --output}/{@code --error} patterns say for that real index, and execs the user's
 * script with {@code SLURM_ARRAY_TASK_ID} and {@code MEM_ESCALATE_TASK_ID} set to it. Pure: the text, the argv and
 * the map's layout; {@link TaskLauncherFiles} writes them.
 *
 * <p>sbatch reads {@code #SBATCH} lines from the script it is given, which is now the launcher: the launcher is
 * generated per chain with the user's own directive lines copied in, the lines sbatch would have read from the
 * user's script (before its first command), so the user's options apply as before. Options on the command line win
 * over them, as they always did.
 *
 * <p>Everything that comes from the user (paths, patterns, arguments) reaches the launcher as arguments, never as
 * shell text; the copied directive lines are comments to bash.
 */
public final class TaskLauncher {
    /** The launcher's name inside the chain directory. */
    public static final String FILE = "task-launcher.sh";
    /** Which variable, besides SLURM_ARRAY_TASK_ID, tells a renumbered task its real index. */
    public static final String TASK_ID_VAR = "MEM_ESCALATE_TASK_ID";
    /** The lines sbatch reads options from (Slurm 22.05: {@code #SBATCH}, the old {@code #SLURM}; wrappers' too). */
    private static final List<String> DIRECTIVES = List.of("#SBATCH", "#SLURM", "#PBS", "#BSUB");
    /** Slurm pads a field to at most this width ({@code %4a}); wider requests are cut to it. */
    private static final int MAX_WIDTH = 10;

    private TaskLauncher() {
    }

    /** The round's index map inside the chain directory. */
    public static Path indexMap(Path chainDir, int round) {
        return chainDir.resolve("index-map-r" + round + ".txt");
    }

    /**
     * Where a renumbered array's own output goes (one file per array job, appended to): only what the launcher says
     * before the task's output is open, e.g. that the index map cannot be read. Each task's output goes to its own
     * files.
     */
    static Path launcherLog(Path chainDir, int round) {
        return chainDir.resolve("launcher-r" + round + "-%A.out");
    }

    /** Bytes per line of an index map: the widest index, right-aligned, and a newline. */
    public static int mapWidth(IndexSet indices) {
        return Integer.toString(indices.last()).length() + 1;
    }

    /** One line of an index map (which holds one such line per task of the round, in index order). */
    public static byte[] mapLine(int index, int width) {
        String digits = Integer.toString(index);
        byte[] line = new byte[width];
        java.util.Arrays.fill(line, (byte) ' ');
        byte[] ascii = digits.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(ascii, 0, line, width - 1 - ascii.length, ascii.length);
        line[width - 1] = '\n';
        return line;
    }

    /**
     * The sbatch argv of a renumbered array job: {@code job} with the launcher as its script (the user's script and
     * arguments after the launcher's own), the launcher's log as Slurm's output ({@code --open-mode=append}: the
     * array's tasks share it), and the chain's patterns handed to the launcher for the real index.
     *
     * @param job the array job as it would be submitted without renumbering, with its {@code 0-(n-1)} spec
     * @param user who submitted the chain ({@code %u})
     * @param width bytes per line of the round's index map ({@link #mapWidth})
     * @param offset the map line of array task 0
     * @param count the array's tasks
     */
    static List<String> arrayJob(SbatchArgs.ArrayJob job, Path chainDir, String user, int width, int offset,
            int count) {
        String jobName = JobNames.array(job.baseJobName(), job.chainId(), job.round(), job.part());
        Path log = launcherLog(chainDir, job.round());
        List<String> launcherArgs = arguments(indexMap(chainDir, job.round()), width, offset, count,
                outputTemplate(job.outputPattern(), jobName, user), outputTemplate(job.errorPattern(), jobName, user),
                job.script(), job.scriptArgs());
        SbatchArgs.ArrayJob throughLauncher = new SbatchArgs.ArrayJob(job.chainId(), job.round(), job.level(),
                job.part(), job.baseJobName(), job.resources(), job.options(), job.arraySpec(), job.throttle(), log.toString(),
                log.toString(), job.workDir(), job.userExports(), job.excludeNodes(), chainDir.resolve(FILE),
                launcherArgs);
        List<String> argv = new ArrayList<>();
        argv.add("--open-mode=append");
        argv.addAll(SbatchArgs.arrayJob(throughLauncher));
        return List.copyOf(argv);
    }

    /**
     * The launcher's arguments after its path; the user's script and its arguments come last, untouched.
     *
     * @param offset the line of the index map that array task 0 reads (the parts before it hold as many tasks)
     * @param count how many tasks the array job has
     */
    static List<String> arguments(Path indexMap, int width, int offset, int count, String outputTemplate,
            String errorTemplate, Path script, List<String> scriptArgs) {
        List<String> args = new ArrayList<>();
        args.add(indexMap.toString());
        args.add(Integer.toString(width));
        args.add(Integer.toString(offset));
        args.add(Integer.toString(count));
        args.add(outputTemplate);
        args.add(errorTemplate);
        args.add(script.toString());
        args.addAll(scriptArgs);
        return List.copyOf(args);
    }

    /**
     * A Slurm {@code --output} pattern as the launcher expands it: every field known now is filled in ({@code %x}
     * the job name, {@code %u} the user, {@code %n} {@code %t} 0, {@code %s} {@code batch}), and only {@code %A},
     * {@code %a} (the REAL index), {@code %j} (each with its width, {@code %4a}), {@code %N} and {@code %%} are
     * left for the launcher. As in Slurm: a pattern with a backslash is taken literally, without the backslashes
     * that escape; an unknown field stays as written.
     */
    static String outputTemplate(String pattern, String jobName, String user) {
        StringBuilder out = new StringBuilder();
        if (pattern.indexOf('\\') >= 0) {
            return literal(withoutEscapes(pattern));
        }
        int i = 0;
        while (i < pattern.length()) {
            char c = pattern.charAt(i);
            if (c != '%') {
                out.append(c);
                i++;
                continue;
            }
            if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '%') {
                out.append("%%");
                i += 2;
                continue;
            }
            int digitsEnd = i + 1;
            while (digitsEnd < pattern.length() && Character.isDigit(pattern.charAt(digitsEnd))) {
                digitsEnd++;
            }
            if (digitsEnd >= pattern.length()) {
                out.append(literal(pattern.substring(i)));
                break;
            }
            String digits = pattern.substring(i + 1, digitsEnd);
            int width = digits.isEmpty() ? 0 : (int) Math.min(MAX_WIDTH, Long.parseLong(
                    digits.length() > 3 ? "999" : digits));
            String w = width == 0 ? "" : Integer.toString(width);
            char field = pattern.charAt(digitsEnd);
            switch (field) {
                case 'a', 'A', 'j' -> out.append('%').append(w).append(field);
                case 'J' -> out.append('%').append(w).append('j');
                case 'N' -> out.append("%N");
                case 'n', 't' -> out.append(String.format("%0" + Math.max(width, 1) + "d", 0));
                case 's' -> out.append("batch");
                case 'u' -> out.append(literal(user));
                case 'x' -> out.append(literal(jobName));
                default -> out.append(literal(pattern.substring(i, digitsEnd + 1)));
            }
            i = digitsEnd + 1;
        }
        return out.toString();
    }

    /** Slurm's {@code remove_path_slashes}: {@code \\} is one backslash, any other backslash goes. */
    private static String withoutEscapes(String pattern) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\') {
                if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '\\') {
                    out.append('\\');
                    i++;
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String literal(String text) {
        return text.replace("%", "%%");
    }

    /**
     * The launcher of a chain whose script is {@code userScript}: bash, the user's directive lines, then the fixed
     * body. Lines are copied as sbatch reads them: from the top, every line that starts with a directive, until the
     * first line that is neither blank nor a comment.
     */
    public static byte[] render(byte[] userScript) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("#!/bin/bash\n".getBytes(StandardCharsets.US_ASCII));
        for (byte[] line : directiveLines(userScript)) {
            out.writeBytes(line);
            out.write('\n');
        }
        out.writeBytes(BODY.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** The user's directive lines, byte for byte (the script may be in any encoding). */
    static List<byte[]> directiveLines(byte[] script) {
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        while (start < script.length) {
            int end = start;
            while (end < script.length && script[end] != '\n') {
                end++;
            }
            byte[] line = java.util.Arrays.copyOfRange(script, start, end);
            start = end + 1;
            if (isDirective(line)) {
                lines.add(line);
            } else if (isCommand(line)) {
                break; // sbatch stops reading options at the first command
            }
        }
        return lines;
    }

    private static boolean isDirective(byte[] line) {
        for (String word : DIRECTIVES) {
            byte[] w = word.getBytes(StandardCharsets.US_ASCII);
            if (line.length >= w.length && java.util.Arrays.equals(line, 0, w.length, w, 0, w.length)) {
                return true;
            }
        }
        return false;
    }

    /** sbatch's test: the first character that is not white space is not {@code #}. */
    private static boolean isCommand(byte[] line) {
        for (byte b : line) {
            boolean space = b == ' ' || b == '\t' || b == '\r' || b == 0x0b || b == '\f';
            if (!space) {
                return b != '#';
            }
        }
        return false;
    }

    /**
     * The fixed part. Its own variables start with {@code mem_escalate_} so that none of the user's environment is
     * changed on the way to the script; only SLURM_ARRAY_TASK_ID and MEM_ESCALATE_TASK_ID are set. One {@code dd}
     * reads the task's line at its offset (a seek, whatever the map's size).
     */
    private static final String BODY = """
            # mem-escalate task launcher, generated for this chain: do not edit. Slurm runs this task as array task
            # SLURM_ARRAY_TASK_ID of a renumbered array (0-(n-1)); its real index is on line OFFSET + that of the index
            # map. Arguments: INDEX_MAP WIDTH OFFSET COUNT OUTPUT ERROR SCRIPT [ARGS...]
            mem_escalate_fail() {
              printf 'mem-escalate task launcher (job %s, array task %s): %s\\n' "${SLURM_JOB_ID:-?}" \\
                "${SLURM_ARRAY_TASK_ID:-?}" "$1" >&2
              exit 1
            }
            (($# >= 7)) || mem_escalate_fail "expected INDEX_MAP WIDTH OFFSET COUNT OUTPUT ERROR SCRIPT [ARGS...]"
            mem_escalate_map=$1 mem_escalate_width=$2 mem_escalate_offset=$3 mem_escalate_count=$4
            mem_escalate_output=$5 mem_escalate_error=$6 mem_escalate_script=$7
            shift 7
            mem_escalate_k=${SLURM_ARRAY_TASK_ID:-}
            [[ $mem_escalate_k =~ ^[0-9]+$ && $mem_escalate_width =~ ^[0-9]+$ && $mem_escalate_offset =~ ^[0-9]+$ \\
              && $mem_escalate_count =~ ^[0-9]+$ ]] && ((10#$mem_escalate_k < 10#$mem_escalate_count)) \\
              || mem_escalate_fail "array task '$mem_escalate_k' is not one of 0-$((mem_escalate_count - 1))"
            mem_escalate_line=$(dd if="$mem_escalate_map" bs="$mem_escalate_width" count=1 status=none \\
              skip=$((10#$mem_escalate_offset + 10#$mem_escalate_k))) \\
              || mem_escalate_fail "cannot read the index map $mem_escalate_map"
            mem_escalate_task=${mem_escalate_line##* }
            [[ $mem_escalate_task =~ ^[0-9]+$ ]] \\
              || mem_escalate_fail "no index on line $((10#$mem_escalate_offset + 10#$mem_escalate_k)) of $mem_escalate_map"

            # Expands a template (only %A %a %j with a width, %N and %%: mem-escalate filled in the rest) into
            # mem_escalate_expanded, with %a the real index.
            mem_escalate_expand() {
              local rest=$1 out= width= value=
              while [[ $rest == *%* ]]; do
                out+=${rest%%\\%*}
                rest=${rest#*%}
                width=
                while [[ $rest == [0-9]* ]]; do width+=${rest:0:1}; rest=${rest:1}; done
                case ${rest:0:1} in
                  A) value=${SLURM_ARRAY_JOB_ID:-${SLURM_JOB_ID:-}} ;;
                  a) value=$mem_escalate_task ;;
                  j) value=${SLURM_JOB_ID:-} ;;
                  N) value=${SLURMD_NODENAME:-${HOSTNAME%%.*}}; width= ;;
                  *) value=%; width= ;;
                esac
                rest=${rest:1}
                if [[ -n $width ]]; then printf -v value '%0*d' "$((10#$width))" "$((10#$value))"; fi
                out+=$value
              done
              mem_escalate_expanded=$out$rest
            }
            mem_escalate_expand "$mem_escalate_output"
            mem_escalate_out_file=$mem_escalate_expanded
            mem_escalate_expand "$mem_escalate_error"
            mem_escalate_err_file=$mem_escalate_expanded

            export SLURM_ARRAY_TASK_ID=$mem_escalate_task MEM_ESCALATE_TASK_ID=$mem_escalate_task
            if [[ $mem_escalate_out_file == "$mem_escalate_err_file" ]]; then
              exec >"$mem_escalate_out_file" 2>&1 || mem_escalate_fail "cannot write $mem_escalate_out_file"
            else
              exec >"$mem_escalate_out_file" 2>"$mem_escalate_err_file" \\
                || mem_escalate_fail "cannot write $mem_escalate_out_file or $mem_escalate_err_file"
            fi
            exec "$mem_escalate_script" "$@"
            """;
}
