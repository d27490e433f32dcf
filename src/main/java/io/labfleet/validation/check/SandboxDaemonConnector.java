package io.labfleet.validation.check;

/** Opens a connection to a sandbox's Docker daemon where the service reaches it. */
@FunctionalInterface
public interface SandboxDaemonConnector {

    /** @param helpers the containers the check engine created in this sandbox so far; new ones are added to it */
    SandboxDaemon connect(String host, int port, HelperContainers helpers);
}
