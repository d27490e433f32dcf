package io.labfleet.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Edits the text of an {@code ~/.ssh/config} file: one managed block per sandbox, between marker comments, put at
 * the top (ssh takes the first value it finds for an option, so an earlier {@code Host *} of the learner's could
 * otherwise override the sandbox's user or port). A block for a sandbox that already has one replaces it in place;
 * removing a block takes out exactly the lines it added. Everything else of the file (the learner's own blocks,
 * comments, {@code Include} lines, blank lines, line endings) is kept byte for byte. Pure: text in, text out.
 */
final class SshConfigFile {

    private static final String BEGIN = "# >>> labfleet ";
    private static final String END = "# <<< labfleet ";
    private static final Pattern IDENTITY_FILE = Pattern.compile("(?im)^(\\s*IdentityFile)(\\s+|\\s*=\\s*)\\S.*$");
    private static final Pattern CONNECTION_SHARING = Pattern.compile(
            "(?im)^[ \\t]*(Control(Master|Path|Persist)\\b|# Windows' own ssh cannot share).*(\\R|$)");

    private SshConfigFile() {
    }

    /**
     * The managed block for a sandbox: the service's ssh config (whatever its shape) with its {@code IdentityFile}
     * pointed at the learner's key, then {@code Host *}, which gives the lines after the block (e.g. the
     * learner's options before their first {@code Host}) back to every host.
     */
    static String block(String sandboxId, String serviceConfig, Path identityFile) {
        Matcher identity = IDENTITY_FILE.matcher(serviceConfig);
        String body = identity.find()
                ? identity.replaceAll(m -> Matcher.quoteReplacement(m.group(1) + " " + quoted(identityFile)))
                : serviceConfig.stripTrailing() + "\n    IdentityFile " + quoted(identityFile);
        return BEGIN + sandboxId + " (written by labfleet start, removed by labfleet stop) >>>\n"
                + body.stripTrailing() + "\n"
                + "Host *\n"
                + END + sandboxId + " <<<\n";
    }

    /**
     * The service's ssh config as the ssh of this operating system can use it: Windows' own OpenSSH cannot share one
     * connection between commands (no {@code ControlMaster}: with those lines every connection fails, "getsockname
     * failed: Not a socket"), so there they are left out and each docker command logs in anew.
     */
    static String forOperatingSystem(String serviceConfig, String osName) {
        return osName.startsWith("Windows") ? CONNECTION_SHARING.matcher(serviceConfig).replaceAll("") : serviceConfig;
    }

    /** The file with the sandbox's block: in place of its earlier block, or else at the top. */
    static String withBlock(String config, String sandboxId, String block) {
        int[] span = span(config, sandboxId);
        if (span == null) {
            return block + config;
        }
        return config.substring(0, span[0]) + block + config.substring(span[1]);
    }

    /** The file without the sandbox's block; unchanged when it has none. */
    static String withoutBlock(String config, String sandboxId) {
        int[] span = span(config, sandboxId);
        return span == null ? config : config.substring(0, span[0]) + config.substring(span[1]);
    }

    static boolean hasBlock(String config, String sandboxId) {
        return span(config, sandboxId) != null;
    }

    /** Sandboxes that have a block in the file. */
    static List<String> sandboxes(String config) {
        List<String> ids = new ArrayList<>();
        for (String line : config.split("\\R")) {
            if (line.startsWith(BEGIN)) {
                ids.add(line.substring(BEGIN.length()).split(" ", 2)[0]);
            }
        }
        return ids;
    }

    /** Start of the block's first line and end of its last line (its line break included), or null. */
    private static int[] span(String config, String sandboxId) {
        int start = lineStarting(config, BEGIN + sandboxId + " ", 0);
        if (start < 0) {
            return null;
        }
        int end = lineStarting(config, END + sandboxId + " ", start);
        if (end < 0) {
            return null;
        }
        int lineBreak = config.indexOf('\n', end);
        return new int[]{start, lineBreak < 0 ? config.length() : lineBreak + 1};
    }

    private static int lineStarting(String config, String prefix, int from) {
        for (int at = config.indexOf(prefix, from); at >= 0; at = config.indexOf(prefix, at + 1)) {
            if (at == 0 || config.charAt(at - 1) == '\n') {
                return at;
            }
        }
        return -1;
    }

    /** ssh reads a path with spaces only in quotes. */
    private static String quoted(Path path) {
        String text = path.toString();
        return text.contains(" ") ? "\"" + text + "\"" : text;
    }
}
