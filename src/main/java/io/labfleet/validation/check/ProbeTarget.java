package io.labfleet.validation.check;

import io.labfleet.commons.Strings;
import io.labfleet.lab.Text;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a probe tries to reach from inside the sandbox, and how, with the busybox tools the helper image has:
 * {@code http://web:8080/health} (wget: any 2xx answer), {@code tcp://db:5432} (nc: the connection opens),
 * {@code dns:web} (nslookup: the name resolves). Busybox's {@code wget -T} crashes, so time is bounded by
 * {@code timeout} instead; the target reaches the shell as an argument, never inside the script.
 */
record ProbeTarget(String kind, String host, int port, String url) {

    private static final Pattern TCP = Pattern.compile("tcp://([A-Za-z0-9._-]+):(\\d{1,5})");
    private static final Pattern DNS = Pattern.compile("dns:([A-Za-z0-9._-]+)");
    private static final Pattern RESOLVED = Pattern.compile("(?s).*Name:\\s*\\S+\\s*\\n\\s*Address\\S*:?\\s*\\S+.*");
    private static final int BODY_LIMIT = 4096;

    static ProbeTarget parse(Object raw) {
        String text = String.valueOf(raw).trim();
        Matcher tcp = TCP.matcher(text);
        if (tcp.matches()) {
            return new ProbeTarget("tcp", tcp.group(1), Integer.parseInt(tcp.group(2)), text);
        }
        Matcher dns = DNS.matcher(text);
        if (dns.matches()) {
            return new ProbeTarget("dns", dns.group(1), 0, text);
        }
        if (text.startsWith("http://")) {
            try {
                URI uri = new URI(text);
                if (uri.getHost() == null) {
                    throw new URISyntaxException(text, "no host");
                }
                return new ProbeTarget("http", uri.getHost(), uri.getPort() < 0 ? 80 : uri.getPort(), text);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("'" + text + "' is not a URL like http://web:8080/path");
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a probe target: http://host[:port]/path, "
                + "tcp://host:port or dns:name (https is not probed)");
    }

    List<String> command(Duration timeout) {
        String seconds = String.valueOf(Math.max(1, timeout.toSeconds()));
        return switch (kind) {
            case "http" -> List.of("sh", "-c", "timeout \"$1\" wget -q -O /tmp/body \"$2\"; status=$?; "
                    + "head -c " + BODY_LIMIT + " /tmp/body 2>/dev/null; exit $status", "probe", seconds, url);
            case "tcp" -> List.of("sh", "-c", "timeout \"$1\" nc -w \"$1\" \"$2\" \"$3\" -e /bin/true", "probe",
                    seconds, host, String.valueOf(port));
            default -> List.of("sh", "-c", "timeout \"$1\" nslookup \"$2\" 2>&1", "probe", seconds, host);
        };
    }

    /** Whether the target answered, judged from how the helper ended (nslookup exits 0 even when a name is unknown). */
    boolean reached(HelperResult result) {
        if (result.timedOut()) {
            return false;
        }
        return kind.equals("dns") ? RESOLVED.matcher(result.output()).matches() : result.exitCode() == 0;
    }

    /** The helper's own words about a failure, e.g. "wget: bad address 'web'", or a note about time. */
    String failure(HelperResult result, Duration timeout) {
        if (result.timedOut() || result.exitCode() == 143 || result.exitCode() == 124) {
            return "no answer within " + Text.duration(timeout);
        }
        String output = result.output().strip();
        if (kind.equals("dns")) {
            return "the name does not resolve";
        }
        String lastLine = output.isEmpty() ? "exit code " + result.exitCode()
                : output.lines().reduce((first, second) -> second).orElse(output);
        return Strings.truncate(lastLine, 160);
    }
}
