package dev.memescalate.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memescalate.cli.ExitCodes;
import dev.memescalate.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What the scripts contain; ReleaseIT loads the shipped ones in bash and zsh and completes with them. */
class CompletionCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        return cmd.execute(args);
    }

    @Test
    void bashScriptRegistersTheCompletionFunctionAndKnowsEverySubcommand() {
        int code = run("completion", "bash");

        assertThat(code).isEqualTo(ExitCodes.OK);
        String script = out.toString();
        assertThat(script).startsWith("# mem-escalate completion for bash")
                .contains("complete -F _complete_mem-escalate -o default mem-escalate");
        for (String command : Main.commandLine().getSubcommands().keySet()) {
            assertThat(script).contains("\"${COMP_WORDS[0]} " + command + "\"");
        }
        assertThat(script).contains("--array").contains("--tracker-dir");
    }

    @Test
    void zshGetsTheSameScriptWithAHeaderAboutBashcompinit() {
        run("completion", "bash");
        String bash = out.toString();
        out.getBuffer().setLength(0);

        run("completion", "zsh");
        String zsh = out.toString();

        assertThat(zsh).startsWith("# mem-escalate completion for zsh").contains("bashcompinit");
        assertThat(zsh.substring(CompletionCommand.header(CompletionCommand.Shell.zsh).length()))
                .isEqualTo(bash.substring(CompletionCommand.header(CompletionCommand.Shell.bash).length()));
    }

    @Test
    void anotherShellIsInvalidInput() {
        int code = run("completion", "fish");

        assertThat(code).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(err.toString()).contains("bash, zsh");
    }
}
