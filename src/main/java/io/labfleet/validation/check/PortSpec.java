package io.labfleet.validation.check;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A published port a lab asks for, in {@code docker run -p} syntax ({@code 8080:80}, {@code 127.0.0.1:8080:80},
 * {@code 53:53/udp}, {@code 80} for any host port) or in compose's long syntax
 * ({@code {published: 8080, target: 80}}). However the learner published it ({@code -p}, {@code --publish
 * published=…,target=…}, compose, {@code -P}), the daemon records the same binding, which is what is matched.
 * {@code hostIp} and {@code hostPort} are null when any will do.
 */
public record PortSpec(String hostIp, Integer hostPort, int containerPort, String protocol) {

    private static final Set<String> PROTOCOLS = Set.of("tcp", "udp", "sctp");

    /**
     * @throws IllegalArgumentException when the value is not a port specification
     */
    public static PortSpec parse(Object raw) {
        if (raw instanceof Map<?, ?> map) {
            return fromMap(map);
        }
        if (raw instanceof Number number) {
            return new PortSpec(null, null, port(number.toString(), raw), "tcp");
        }
        if (!(raw instanceof String text) || text.isBlank()) {
            throw new IllegalArgumentException("a port is written like 8080:80, got " + raw);
        }
        String spec = text.trim();
        String protocol = "tcp";
        int slash = spec.lastIndexOf('/');
        if (slash >= 0) {
            protocol = protocol(spec.substring(slash + 1), raw);
            spec = spec.substring(0, slash);
        }
        String hostIp = null;
        if (spec.startsWith("[")) {
            int close = spec.indexOf("]:");
            if (close < 0) {
                throw new IllegalArgumentException("'" + raw + "': an IPv6 address is written [::1]:8080:80");
            }
            hostIp = spec.substring(1, close);
            spec = spec.substring(close + 2);
            if (!spec.contains(":")) {
                throw new IllegalArgumentException("'" + raw + "' needs a host port after the address");
            }
        }
        String[] parts = spec.split(":", -1);
        return switch (parts.length) {
            case 1 -> new PortSpec(hostIp, null, port(parts[0], raw), protocol);
            case 2 -> new PortSpec(hostIp, parts[0].isEmpty() ? null : port(parts[0], raw), port(parts[1], raw), protocol);
            case 3 -> {
                if (hostIp != null) {
                    throw new IllegalArgumentException("'" + raw + "' gives two addresses");
                }
                yield new PortSpec(anyAddress(parts[0]) ? null : parts[0],
                        parts[1].isEmpty() ? null : port(parts[1], raw), port(parts[2], raw), protocol);
            }
            default -> throw new IllegalArgumentException("'" + raw + "' is not written [ip:]hostPort:containerPort[/protocol]");
        };
    }

    private static PortSpec fromMap(Map<?, ?> map) {
        Object target = map.get("target");
        if (target == null) {
            throw new IllegalArgumentException("a port written as a map needs 'target' (the container port), got " + map);
        }
        Set<String> known = Set.of("target", "published", "protocol", "host_ip", "hostIp");
        map.keySet().stream().filter(k -> !known.contains(String.valueOf(k))).findFirst().ifPresent(k -> {
            throw new IllegalArgumentException("a port has no field '" + k + "'; it takes " + known);
        });
        Object published = map.get("published");
        Object ip = map.get("host_ip") != null ? map.get("host_ip") : map.get("hostIp");
        return new PortSpec(ip == null || anyAddress(ip.toString()) ? null : ip.toString(),
                published == null ? null : port(published.toString(), map), port(target.toString(), map),
                map.get("protocol") == null ? "tcp" : protocol(map.get("protocol").toString(), map));
    }

    private static int port(String text, Object raw) {
        if (text.contains("-")) {
            throw new IllegalArgumentException("'" + raw + "': port ranges are not supported; list each port");
        }
        try {
            int port = Integer.parseInt(text.trim());
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + raw + "': '" + text + "' is not a port (1-65535)");
        }
    }

    private static String protocol(String text, Object raw) {
        String protocol = text.trim().toLowerCase(Locale.ROOT);
        if (!PROTOCOLS.contains(protocol)) {
            throw new IllegalArgumentException("'" + raw + "': protocol must be tcp, udp or sctp");
        }
        return protocol;
    }

    /** The daemon writes "bound everywhere" as an empty address, 0.0.0.0 or ::. */
    public static boolean anyAddress(String ip) {
        return ip == null || ip.isEmpty() || ip.equals("0.0.0.0") || ip.equals("::");
    }

    public boolean matches(PublishedPort published) {
        return published.containerPort() == containerPort
                && published.protocol().equals(protocol)
                && (hostPort == null || hostPort.equals(published.hostPort()))
                && (hostIp == null || hostIp.equals(published.hostIp()));
    }

    @Override
    public String toString() {
        String host = (hostIp == null ? "" : (hostIp.contains(":") ? "[" + hostIp + "]" : hostIp) + ":")
                + (hostPort == null ? "" : hostPort);
        return (host.isEmpty() ? "" : host + ":") + containerPort + (protocol.equals("tcp") ? "" : "/" + protocol);
    }
}
