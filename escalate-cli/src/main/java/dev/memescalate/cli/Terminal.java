package dev.memescalate.cli;

/**
 * Whether standard output is a terminal a view may redraw in place. {@link System#console()} is non-null only when
 * both standard input and standard output are terminals: output piped to a file or read by a script gets plain
 * lines.
 */
public interface Terminal {
    boolean isInteractive();

    Terminal SYSTEM = () -> System.console() != null;
    Terminal PLAIN = () -> false;

    /** ANSI: switch to the alternate screen and hide the cursor; {@link #LEAVE} undoes both. */
    String ENTER = "\033[?1049h\033[?25l";
    String LEAVE = "\033[?25h\033[?1049l";
    /** ANSI: cursor home, clear the screen: the start of a redrawn frame. */
    String HOME_AND_CLEAR = "\033[H\033[2J";
}
