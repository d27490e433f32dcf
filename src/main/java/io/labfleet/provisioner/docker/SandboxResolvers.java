package io.labfleet.provisioner.docker;

import io.labfleet.config.DockerConfig;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The name servers sandbox daemons are given ({@code labfleet.docker.dns}). A daemon left without them forwards
 * unknown names to public resolvers (Docker's fallback 8.8.8.8 when the host's are loopback ones), so it is always
 * given some: the configured addresses, else this machine's non-loopback name servers, else a loopback address,
 * where nothing answers and a lookup fails at once.
 */
final class SandboxResolvers {

    /** This machine's resolver configuration, where the default name servers come from. */
    static final Path HOST_RESOLV_CONF = Path.of("/etc/resolv.conf");
    /** Answers nothing inside a sandbox: names beyond the sandbox's own do not resolve. */
    static final String NONE = "127.0.0.1";
    private static final Pattern NAMESERVER = Pattern.compile("^\\s*nameserver\\s+(\\S+)");
    private static final Pattern IPV4 = Pattern.compile("((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}"
            + "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

    private SandboxResolvers() {
    }

    /** The name servers {@code labfleet.docker.dns} gives, or this machine's. */
    static List<String> of(DockerConfig config) {
        return of(config.dns(), HOST_RESOLV_CONF);
    }

    /**
     * @throws IllegalArgumentException when a configured entry is not an IP address
     */
    static List<String> of(Optional<List<String>> configured, Path resolvConf) {
        if (configured.isPresent() && !configured.get().isEmpty()) {
            configured.get().forEach(SandboxResolvers::requireAddress);
            return List.copyOf(configured.get());
        }
        List<String> host = hostResolvers(resolvConf);
        return host.isEmpty() ? List.of(NONE) : host;
    }

    private static List<String> hostResolvers(Path resolvConf) {
        try {
            return Files.readAllLines(resolvConf).stream()
                    .map(NAMESERVER::matcher)
                    .filter(java.util.regex.Matcher::find)
                    .map(matcher -> matcher.group(1))
                    .filter(SandboxResolvers::isAddress)
                    .filter(address -> !isLoopback(address))
                    .distinct()
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static void requireAddress(String address) {
        if (!isAddress(address)) {
            throw new IllegalArgumentException("labfleet.docker.dns=" + address + " is not an IP address");
        }
    }

    /** An IP literal, checked without ever asking a resolver (InetAddress would look a non-literal up). */
    static boolean isAddress(String address) {
        if (IPV4.matcher(address).matches()) {
            return true;
        }
        if (!IPV6.matcher(address).matches()) {
            return false;
        }
        try {
            InetAddress.getByName(address);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Only called on literals: no lookup. */
    private static boolean isLoopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (IOException e) {
            return true;
        }
    }
}
