package io.labfleet.terminal;

import java.util.Locale;
import java.util.Optional;

/** What a terminal socket does: type in the sandbox's shell, or watch its learner's terminals read-only. */
public enum TerminalMode {
    INTERACTIVE,
    WATCH;

    /** The mode named by the {@code mode} query parameter (absent: interactive), or empty for an unknown name. */
    static Optional<TerminalMode> parse(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of(INTERACTIVE);
        }
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "interactive" -> Optional.of(INTERACTIVE);
            case "watch" -> Optional.of(WATCH);
            default -> Optional.empty();
        };
    }
}
