package io.labfleet.provisioner.docker;

import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import io.labfleet.provisioner.ResourceLimits;
import io.labfleet.provisioner.SandboxLabels;
import io.labfleet.provisioner.SandboxSpec;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class DockerSandboxModelTest {

    static final SandboxSpec SPEC = new SandboxSpec("sb-k3v9q2mxa7", "acme", "alice", "p3-container-lifecycle",
            Instant.parse("2026-11-28T20:00:00Z"), new ResourceLimits(1024L * 1024 * 1024, 1500, 2048),
            List.of("nginx:latest"));
    static final SandboxTemplate TEMPLATE = new SandboxTemplate("classroom-1", "labfleet/sandbox:latest",
            Optional.empty(), true);

    @Test
    void everyObjectIsNamedAfterTheInstallationAndTheSandbox() {
        DockerSandboxModel model = DockerSandboxModel.of(SPEC, IsolationProfile.PRIVILEGED, TEMPLATE);

        assertThat(model.network().name()).isEqualTo("labfleet-classroom-1-sb-k3v9q2mxa7");
        assertThat(model.container().name()).isEqualTo("labfleet-classroom-1-sb-k3v9q2mxa7");
        assertThat(model.volume().name()).isEqualTo("labfleet-classroom-1-sb-k3v9q2mxa7-docker");
        assertThat(model.container().hostname()).isEqualTo("sb-k3v9q2mxa7");
        assertThat(model.container().image()).isEqualTo("labfleet/sandbox:latest");
        assertThat(model.container().env()).as("docker:dind then serves plain TCP on 2375")
                .containsExactly("DOCKER_TLS_CERTDIR=");
    }

    @Test
    void everyObjectCarriesTheSandboxLabelsAndTheInstallation() {
        DockerSandboxModel model = DockerSandboxModel.of(SPEC, IsolationProfile.PRIVILEGED, TEMPLATE);

        for (var labels : List.of(model.network().labels(), model.volume().labels(), model.container().labels())) {
            assertThat(labels)
                    .containsAllEntriesOf(SandboxLabels.of(SPEC))
                    .containsEntry(SandboxLabels.INSTALLATION, "classroom-1")
                    .containsEntry(SandboxLabels.EXPIRES_AT, "1795896000")
                    .containsAllEntriesOf(DockerSandboxModel.selector("classroom-1", "sb-k3v9q2mxa7"));
        }
    }

    @Test
    void theContainerGetsTheLimitsItsNetworkAndItsDataVolume() {
        HostConfig host = DockerSandboxModel.of(SPEC, IsolationProfile.PRIVILEGED, TEMPLATE).container().hostConfig();

        assertThat(host.getMemory()).isEqualTo(1024L * 1024 * 1024);
        assertThat(host.getMemorySwap()).as("no swap beyond the limit").isEqualTo(1024L * 1024 * 1024);
        assertThat(host.getNanoCPUs()).isEqualTo(1_500_000_000L);
        assertThat(host.getPidsLimit()).isEqualTo(2048L);
        assertThat(host.getNetworkMode()).isEqualTo("labfleet-classroom-1-sb-k3v9q2mxa7");
        assertThat(host.getBinds()).extracting(Bind::getPath, bind -> bind.getVolume().getPath())
                .containsExactly(tuple("labfleet-classroom-1-sb-k3v9q2mxa7-docker",
                        "/var/lib/docker"));
        assertThat(host.getPortBindings()).as("the daemon is never published on the host").isNull();
    }

    @Test
    void privilegedAsksForPrivilegesOnly() {
        HostConfig host = DockerSandboxModel.of(SPEC, IsolationProfile.PRIVILEGED, TEMPLATE).container().hostConfig();

        assertThat(host.getPrivileged()).isTrue();
        assertThat(host.getCapAdd()).isNull();
        assertThat(host.getRuntime()).isNull();
    }

    @Test
    void unprivilegedGrantsEveryCapabilityButSysResourceAndAPrivateCgroupNamespace() {
        HostConfig host = DockerSandboxModel.of(SPEC, IsolationProfile.UNPRIVILEGED, TEMPLATE).container().hostConfig();

        assertThat(host.getPrivileged()).isNull();
        assertThat(host.getCapAdd()).containsExactly(Capability.ALL);
        assertThat(host.getCapDrop()).containsExactly(Capability.SYS_RESOURCE);
        assertThat(host.getSecurityOpts()).containsExactlyInAnyOrder("seccomp=unconfined", "apparmor=unconfined");
        assertThat(host.getDeviceCgroupRules()).containsExactly("a *:* rwm");
        assertThat(host.getCgroupnsMode()).isEqualTo("private");
    }

    @Test
    void sysboxUsesItsRuntimeAndNoExtraRights() {
        HostConfig host = DockerSandboxModel.of(SPEC, IsolationProfile.SYSBOX, TEMPLATE).container().hostConfig();

        assertThat(host.getRuntime()).isEqualTo("sysbox-runc");
        assertThat(host.getPrivileged()).isNull();
        assertThat(host.getCapAdd()).isNull();
        assertThat(host.getSecurityOpts()).isNull();
    }

    @Test
    void withoutOutboundAccessTheNetworkIsInternal() {
        assertThat(DockerSandboxModel.of(SPEC, IsolationProfile.PRIVILEGED, TEMPLATE).network().internal()).isFalse();

        SandboxTemplate closed = new SandboxTemplate("classroom-1", "labfleet/sandbox:latest", Optional.empty(), false);
        assertThat(DockerSandboxModel.of(SPEC, IsolationProfile.PRIVILEGED, closed).network().internal()).isTrue();
    }

    @Test
    void aRegistryMirrorIsPassedToTheNestedDaemon() {
        assertThat(DockerSandboxModel.of(SPEC, IsolationProfile.PRIVILEGED, TEMPLATE).container().daemonArgs()).isEmpty();

        SandboxTemplate mirrored = new SandboxTemplate("classroom-1", "labfleet/sandbox:latest",
                Optional.of("http://mirror.internal:5000"), true);
        assertThat(DockerSandboxModel.of(SPEC, IsolationProfile.PRIVILEGED, mirrored).container().daemonArgs())
                .containsExactly("--registry-mirror=http://mirror.internal:5000");
    }

    @Test
    void anInstallationIdThatCannotBePartOfADockerNameIsRefused() {
        assertThatThrownBy(() -> new SandboxTemplate("two words", "img", Optional.empty(), true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("labfleet.docker.installation=two words");
        assertThatThrownBy(() -> new SandboxTemplate("-leading-dash", "img", Optional.empty(), true))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void isolationProfilesAreChosenByTheirConfigNames() {
        assertThat(IsolationProfile.fromConfig("privileged")).isEqualTo(IsolationProfile.PRIVILEGED);
        assertThat(IsolationProfile.fromConfig(" Unprivileged ")).isEqualTo(IsolationProfile.UNPRIVILEGED);
        assertThat(IsolationProfile.fromConfig("sysbox")).isEqualTo(IsolationProfile.SYSBOX);
        assertThatThrownBy(() -> IsolationProfile.fromConfig("root"))
                .hasMessage("labfleet.docker.isolation=root is not one of auto, privileged, unprivileged, sysbox.");
    }
}
