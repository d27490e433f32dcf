package io.labfleet.gateway;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Where {@code ssh -L} may lead: only to the learner's own sandbox. The learner names it as their Docker host
 * would, {@code localhost} (or the sandbox id); the gateway sends the connection to the same port on the
 * sandbox's private address, where the ports published with {@code docker run -p} listen.
 */
public final class ForwardTargets {

    private static final Set<String> SANDBOX_ALIASES = Set.of("localhost", "127.0.0.1", "::1", "[::1]", "0.0.0.0");

    /** The address a forward really connects to. */
    public record Target(String host, int port) {
    }

    private ForwardTargets() {
    }

    public static Optional<Target> resolve(String requestedHost, int port, SandboxRoute sandbox) {
        if (requestedHost == null || port < 1 || port > 65535) {
            return Optional.empty();
        }
        String host = requestedHost.strip().toLowerCase(Locale.ROOT);
        boolean sandboxItself = SANDBOX_ALIASES.contains(host) || host.equals(sandbox.sandboxId())
                || host.equals(sandbox.daemonHost());
        return sandboxItself ? Optional.of(new Target(sandbox.daemonHost(), port)) : Optional.empty();
    }

    public static String refusalMessage(String requestedHost, int port, SandboxRoute sandbox) {
        return "labfleet: forwarding to " + requestedHost + ":" + port + " is not allowed; only ports of sandbox "
                + sandbox.sandboxId() + " can be reached: use localhost:<port>, e.g. ssh -L 8080:localhost:8080";
    }
}
