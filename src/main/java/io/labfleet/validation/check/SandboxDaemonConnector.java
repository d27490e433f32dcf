package io.labfleet.validation.check;

/** Opens a connection to a sandbox's Docker daemon where the service reaches it. */
@FunctionalInterface
public interface SandboxDaemonConnector {

    SandboxDaemon connect(String host, int port);
}
