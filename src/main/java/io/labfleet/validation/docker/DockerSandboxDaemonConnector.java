package io.labfleet.validation.docker;

import io.labfleet.config.ValidationConfig;
import io.labfleet.validation.check.HelperContainers;
import io.labfleet.validation.check.SandboxDaemon;
import io.labfleet.validation.check.SandboxDaemonConnector;
import jakarta.enterprise.context.ApplicationScoped;

/** Connects the check engine to sandboxes' daemons over the Docker API, with the check time limit and the
 * response size limit on every answer. */
@ApplicationScoped
public class DockerSandboxDaemonConnector implements SandboxDaemonConnector {

    private final ValidationConfig config;

    DockerSandboxDaemonConnector(ValidationConfig config) {
        this.config = config;
    }

    @Override
    public SandboxDaemon connect(String host, int port, HelperContainers helpers) {
        return new DockerSandboxDaemon(host, port, config.checkTimeout(), config.maxResponseSize().asLongValue(),
                helpers);
    }
}
