package io.labfleet.validation.check;

/**
 * A container port published on the sandbox: {@code hostIp} is null when bound on every address,
 * {@code hostPort} null when the daemon has not chosen one yet (container not running).
 */
public record PublishedPort(int containerPort, String protocol, String hostIp, Integer hostPort) {

    @Override
    public String toString() {
        String host = (hostIp == null ? "" : (hostIp.contains(":") ? "[" + hostIp + "]" : hostIp) + ":")
                + (hostPort == null ? "" : hostPort);
        return (host.isEmpty() ? "" : host + "->") + containerPort + "/" + protocol;
    }
}
