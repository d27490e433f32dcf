package io.labfleet.gateway;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads the command an SSH client asked to run. {@code docker system dial-stdio} (with or without the
 * {@code --host=unix://...} the docker CLI adds for a socket path in the context URL) becomes a pipe to the
 * sandbox's daemon; the legacy scp protocol ({@code scp -t}/{@code scp -f}, what {@code scp -O} runs) is refused;
 * anything else runs inside the sandbox.
 */
public final class RemoteCommand {

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final List<String> DIAL_STDIO = List.of("system", "dial-stdio");
    /** {@code -t} (to the server) or {@code -f} (from it), alone or among other one-letter options. */
    private static final Pattern SCP_DIRECTION = Pattern.compile("-[A-Za-z]*[tf][A-Za-z]*");

    private RemoteCommand() {
    }

    public static boolean isDockerDialStdio(String command) {
        if (command == null) {
            return false;
        }
        List<String> words = List.of(WHITESPACE.split(command.strip()));
        if (words.size() < 3 || !"docker".equals(words.get(0)) || !words.subList(words.size() - 2, words.size()).equals(DIAL_STDIO)) {
            return false;
        }
        List<String> options = words.subList(1, words.size() - 2);
        return switch (options.size()) {
            case 0 -> true;
            case 1 -> options.get(0).startsWith("--host=unix://") || options.get(0).startsWith("-H=unix://");
            case 2 -> ("--host".equals(options.get(0)) || "-H".equals(options.get(0))) && options.get(1).startsWith("unix://");
            default -> false;
        };
    }

    /** The server side of the legacy scp protocol, which scp without {@code -s} (or with {@code -O}) asks to run. */
    public static boolean isLegacyScp(String command) {
        if (command == null) {
            return false;
        }
        List<String> words = List.of(WHITESPACE.split(command.strip()));
        return words.get(0).equals("scp") && words.stream().anyMatch(word -> SCP_DIRECTION.matcher(word).matches());
    }
}
