package io.labfleet.support;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;
import java.util.Map;

/**
 * The one test profile for suites that run sandboxes on the real Docker engine (provisioner, lifecycle, SSH
 * gateway, validation): one boot shared by all of them. Sandboxes live under an installation id of their own
 * ({@link DockerInstallation}), on internal networks (nothing in them can reach beyond this machine; images
 * are copied in from the host), and the lifecycle passes run every second or two so tests see them act.
 */
public class DockerBackendProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "labfleet.provisioner.backend", "docker",
                "labfleet.docker.outbound-network", "false",
                "labfleet.docker.image-source", "copy",
                // A loopback resolver, where nothing answers: no lookup made in a test sandbox leaves this machine.
                "labfleet.docker.dns", "127.0.0.1",
                "labfleet.lifecycle.reap-interval", "1s",
                "labfleet.lifecycle.reconcile-interval", "2s",
                "labfleet.lifecycle.teardown-retry-after", "20s",
                "labfleet.lifecycle.requested-grace", "20s",
                "labfleet.pool.refill-interval", "1s",
                // The suites find a sandbox's network by its name; DockerSandboxProvisionerIT keeps spares of its own.
                "labfleet.docker.spare-networks", "0");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(DockerInstallation.class));
    }
}
