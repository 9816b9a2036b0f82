package dev.memescalate.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The #SBATCH lines sbatch reads. Each case was checked against sbatch 22.05.8 on the local cluster (scontrol show
 * job of the submitted script): the comment, the name, held or not, the nice value.
 */
class ScriptDirectivesTest {
    private static ScriptDirectives.Read read(String script) throws IOException {
        return ScriptDirectives.read(new BufferedReader(new StringReader(script)));
    }

    private static List<String> args(ScriptDirectives.Read read) {
        return read.directives().stream().map(d -> d.line() + " " + d.option().toArg()).toList();
    }

    @Test
    void linesBeforeTheFirstCommandCountWithCommentsQuotesAndBlankLinesBetween() throws IOException {
        ScriptDirectives.Read read = read("""
                #!/bin/sh
                #SBATCH --comment=a#b
                #SBATCH -J "x y"  # trailing

                # plain comment
                #SBATCH --hold
                true
                #SBATCH --nice=7
                """);

        // Measured: Comment=a, JobName=x y, JobHeldUser, Nice=0 (the line after 'true' was not read).
        assertThat(args(read)).containsExactly("2 --comment=a", "3 --job-name=x y", "6 --hold");
        assertThat(read.problems()).isEmpty();
    }

    @Test
    void anIndentedLineIsNotADirectiveAndQuotesJoinAWord() throws IOException {
        ScriptDirectives.Read read = read("""
                #!/bin/sh
                  #SBATCH --nice=9
                #SBATCH --com=abbr -c2 -Hv
                #SBATCH --comment="q r"s
                true
                """);

        // Measured: Nice=0, CPUs/Task=2, held, Comment=q rs.
        assertThat(args(read)).containsExactly("3 --comment=abbr", "3 --cpus-per-task=2", "3 --hold",
                "3 --verbose", "4 --comment=q rs");
    }

    @Test
    void aWordSbatchRefusesIsAProblemWithItsLine() throws IOException {
        // Measured: "--comment a\ b" is refused: "Invalid directive found in batch script: b".
        ScriptDirectives.Read read = read("#!/bin/sh\n#SBATCH --comment a\\ b\ntrue\n");

        assertThat(read.problems()).containsExactly("2: 'b' is not an option (options start with - or --)");
    }

    @Test
    void aScriptWithoutDirectivesHasNone() throws IOException {
        assertThat(read("#!/bin/bash\necho hi\n").directives()).isEmpty();
        assertThat(read("").directives()).isEmpty();
    }
}
