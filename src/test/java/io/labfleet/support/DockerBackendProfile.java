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
        return Map.ofEntries(
                Map.entry("labfleet.provisioner.backend", "docker"),
                Map.entry("labfleet.docker.outbound-network", "false"),
                Map.entry("labfleet.docker.image-source", "copy"),
                // A loopback resolver, where nothing answers: no lookup made in a test sandbox leaves this machine.
                Map.entry("labfleet.docker.dns", "127.0.0.1"),
                Map.entry("labfleet.lifecycle.reap-interval", "1s"),
                Map.entry("labfleet.lifecycle.reconcile-interval", "2s"),
                Map.entry("labfleet.lifecycle.teardown-retry-after", "20s"),
                Map.entry("labfleet.lifecycle.requested-grace", "20s"),
                // The suites reach sandbox daemons directly too, which is no activity: none is suspended behind their
                // back. SuspendedSandboxIT suspends its own sandboxes by calling the pass.
                Map.entry("labfleet.lifecycle.suspend-after", "0"),
                Map.entry("labfleet.pool.refill-interval", "1s"),
                // The suites find a sandbox's network by its name; DockerSandboxProvisionerIT keeps spares of its own.
                Map.entry("labfleet.docker.spare-networks", "0"));
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(DockerInstallation.class));
    }
}
