package io.labfleet.cli;

import java.io.PrintStream;

/**
 * Shows a sandbox starting: on a terminal one bar redrawn in place, otherwise (piped, in a script, in CI) one plain
 * line per step.
 */
final class Progress {

    private static final int WIDTH = 24;

    private final PrintStream out;
    private final boolean bar;
    private String lastLine;
    private int lastLength;

    Progress(PrintStream out, boolean bar) {
        this.out = out;
        this.bar = bar;
    }

    void show(int percent, String message) {
        int bounded = Math.max(0, Math.min(100, percent));
        if (bar) {
            int filled = bounded * WIDTH / 100;
            String line = "[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] " + String.format("%3d%%", bounded)
                    + " " + message;
            out.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
            out.flush();
            lastLength = line.length();
        } else {
            String line = String.format("%3d%% %s", bounded, message);
            if (!line.equals(lastLine)) {
                out.println(line);
                lastLine = line;
            }
        }
    }

    /** Ends the bar's line, so what follows starts on a line of its own. */
    void end() {
        if (bar && lastLength > 0) {
            out.println();
            lastLength = 0;
        }
    }
}
