package io.labfleet.provisioner;

import java.util.List;

/**
 * What to run inside a sandbox for an SSH session.
 *
 * @param command the command and its arguments; empty for the learner's login shell
 * @param tty     whether to run it on a terminal (the client asked for a pty)
 * @param term    the terminal type ({@code TERM}), when on a terminal
 * @param columns terminal width, when on a terminal
 * @param rows    terminal height, when on a terminal
 */
public record ShellRequest(List<String> command, boolean tty, String term, int columns, int rows) {

    public ShellRequest {
        command = List.copyOf(command);
    }
}
