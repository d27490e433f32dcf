package io.labfleet.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Where a command runs: the learner's environment variables, home and working folder, and the terminal it
 * writes to. The home is {@code $HOME} (as the docker and ssh tools of the learner see it), else Java's
 * {@code user.home}.
 *
 * @param interactive a person watches (a terminal): progress bars and password prompts; otherwise plain lines
 */
record Terminal(Map<String, String> environment, Path home, Path workingDirectory, PrintStream out, PrintStream err,
                InputStream in, boolean interactive) {

    static Terminal system() {
        Map<String, String> environment = System.getenv();
        String home = environment.getOrDefault("HOME", System.getProperty("user.home"));
        return new Terminal(environment, Path.of(home), Path.of("").toAbsolutePath(),
                new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8),
                new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8),
                System.in, System.console() != null);
    }

    /** {@code $XDG_CONFIG_HOME/labfleet}, or {@code ~/.config/labfleet}: the login and the sandboxes started here. */
    Path configDirectory() {
        String xdg = environment.get("XDG_CONFIG_HOME");
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".config")).resolve("labfleet");
    }

    Path sshDirectory() {
        return home.resolve(".ssh");
    }

    /**
     * The learner's language from {@code LC_ALL}, {@code LC_MESSAGES} or {@code LANG}: English when it says so (or
     * names another language), French, the course's language, when it says French or nothing ({@code C}, unset).
     */
    Locale language() {
        for (String variable : new String[]{"LC_ALL", "LC_MESSAGES", "LANG"}) {
            String value = environment.get(variable);
            if (value != null && !value.isBlank()) {
                String lower = value.toLowerCase(Locale.ROOT);
                if (lower.equals("c") || lower.startsWith("c.") || lower.equals("posix")) {
                    return Locale.FRENCH;
                }
                return lower.startsWith("fr") ? Locale.FRENCH : Locale.ENGLISH;
            }
        }
        return Locale.FRENCH;
    }
}
