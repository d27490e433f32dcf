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
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class DockerSandboxModelTest {

    static final SandboxSpec SPEC = new SandboxSpec("sb-k3v9q2mxa7", "acme", "alice", "p3-container-lifecycle",
            Instant.parse("2026-11-28T20:00:00Z"), new ResourceLimits(1024L * 1024 * 1024, 1500, 2048),
            List.of("nginx:latest"), Instant.parse("2026-11-28T23:00:00Z"), 50);
    static final SandboxTemplate TEMPLATE = template("classroom-1", Optional.empty(), true);

    /** The uid a rootless sandbox leased. */
    static final int UID = 1_000_000_007;

    /** The model with the leased uid for the profile that runs as one, none for the root profiles. */
    static DockerSandboxModel model(SandboxSpec spec, IsolationProfile profile, SandboxTemplate template) {
        return DockerSandboxModel.of(spec, profile, template,
                profile.runsAsItsOwnUid() ? OptionalInt.of(UID) : OptionalInt.empty());
    }

    static SandboxTemplate template(String installation, Optional<String> mirror, boolean outbound) {
        return new SandboxTemplate(installation, "labfleet/sandbox:latest", mirror, outbound, List.of("10.255.255.53"),
                "10m", 2, "{\"defaultAction\":\"SCMP_ACT_ERRNO\"}");
    }

    @Test
    void everyObjectIsNamedAfterTheInstallationAndTheSandbox() {
        DockerSandboxModel model = model(SPEC, IsolationProfile.PRIVILEGED, TEMPLATE);

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
        DockerSandboxModel model = model(SPEC, IsolationProfile.PRIVILEGED, TEMPLATE);

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
        HostConfig host = model(SPEC, IsolationProfile.PRIVILEGED, TEMPLATE).container().hostConfig();

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
    void theEngineStartsTheContainerAgainAfterItRestarts() {
        HostConfig host = model(SPEC, IsolationProfile.PRIVILEGED, TEMPLATE).container().hostConfig();

        assertThat(host.getRestartPolicy().getName()).isEqualTo("unless-stopped");
    }

    @Test
    void privilegedAsksForPrivilegesOnly() {
        HostConfig host = model(SPEC, IsolationProfile.PRIVILEGED, TEMPLATE).container().hostConfig();

        assertThat(host.getPrivileged()).isTrue();
        assertThat(host.getCapAdd()).isNull();
        assertThat(host.getRuntime()).isNull();
    }

    @Test
    void unprivilegedGrantsEveryCapabilityButSysResourceAndAPrivateCgroupNamespace() {
        HostConfig host = model(SPEC, IsolationProfile.UNPRIVILEGED, TEMPLATE).container().hostConfig();

        assertThat(host.getPrivileged()).isNull();
        assertThat(host.getCapAdd()).containsExactly(Capability.ALL);
        assertThat(host.getCapDrop()).containsExactly(Capability.SYS_RESOURCE);
        assertThat(host.getSecurityOpts()).containsExactlyInAnyOrder("seccomp=unconfined", "apparmor=unconfined");
        assertThat(host.getDeviceCgroupRules()).containsExactly("a *:* rwm");
        assertThat(host.getCgroupnsMode()).isEqualTo("private");
    }

    @Test
    void sysboxUsesItsRuntimeAndNoExtraRights() {
        HostConfig host = model(SPEC, IsolationProfile.SYSBOX, TEMPLATE).container().hostConfig();

        assertThat(host.getRuntime()).isEqualTo("sysbox-runc");
        assertThat(host.getPrivileged()).isNull();
        assertThat(host.getCapAdd()).isNull();
        assertThat(host.getSecurityOpts()).isNull();
    }

    @Test
    void withoutOutboundAccessTheNetworkIsInternal() {
        assertThat(model(SPEC, IsolationProfile.PRIVILEGED, TEMPLATE).network().internal()).isFalse();

        SandboxTemplate closed = template("classroom-1", Optional.empty(), false);
        assertThat(model(SPEC, IsolationProfile.PRIVILEGED, closed).network().internal()).isTrue();
    }

    @Test
    void aRegistryMirrorIsPassedToTheNestedDaemon() {
        assertThat(model(SPEC, IsolationProfile.PRIVILEGED, TEMPLATE).container().daemonArgs())
                .noneMatch(arg -> arg.startsWith("--registry-mirror"));

        SandboxTemplate mirrored = template("classroom-1", Optional.of("http://mirror.internal:5000"), true);
        assertThat(model(SPEC, IsolationProfile.PRIVILEGED, mirrored).container().daemonArgs())
                .contains("--registry-mirror=http://mirror.internal:5000");
    }

    @Test
    void theNestedDaemonAndTheContainerGetTheConfiguredNameServersNeverDockersPublicFallback() {
        DockerSandboxModel.ContainerSpec container =
                model(SPEC, IsolationProfile.ROOTLESS, TEMPLATE).container();

        assertThat(container.daemonArgs()).containsExactly("--dns=10.255.255.53");
        assertThat(container.hostConfig().getDns()).containsExactly("10.255.255.53");
    }

    @Test
    void theSandboxContainersOwnLogIsRotated() {
        HostConfig host = model(SPEC, IsolationProfile.ROOTLESS, TEMPLATE).container().hostConfig();

        assertThat(host.getLogConfig().getType().getType()).isEqualTo("json-file");
        assertThat(host.getLogConfig().getConfig()).containsEntry("max-size", "10m").containsEntry("max-file", "2");
    }

    @Test
    void rootlessRunsAsItsLeasedUidWithOnlyTheIdMappingCapabilitiesAndTheSeccompProfile() {
        DockerSandboxModel.ContainerSpec container =
                model(SPEC, IsolationProfile.ROOTLESS, TEMPLATE).container();
        SandboxHostConfig host = (SandboxHostConfig) container.hostConfig();

        assertThat(container.user()).contains("1000000007:1000000007");
        assertThat(container.labels()).as("other installations on the engine see the uid it holds")
                .containsEntry(DockerSandboxModel.UID_LABEL, "1000000007");
        assertThat(host.getPrivileged()).isNull();
        assertThat(host.getCapDrop()).containsExactly(Capability.ALL);
        assertThat(host.getCapAdd()).containsExactlyInAnyOrder(Capability.SETUID, Capability.SETGID);
        assertThat(host.getSecurityOpts()).containsExactlyInAnyOrder(
                "seccomp={\"defaultAction\":\"SCMP_ACT_ERRNO\"}", "apparmor=unconfined");
        assertThat(host.getDevices()).extracting(device -> device.getPathOnHost() + " " + device.getcGroupPermissions())
                .containsExactly("/dev/net/tun rwm");
        assertThat(host.getDeviceCgroupRules()).as("no access to any other device").isNull();
        assertThat(host.getMaskedPaths()).isEmpty();
        assertThat(host.getReadonlyPaths()).isEmpty();
    }

    @Test
    void theEngineReceivesEmptyMaskedAndReadonlyPathsNotItsDefaults() throws Exception {
        HostConfig host = model(SPEC, IsolationProfile.ROOTLESS, TEMPLATE).container().hostConfig();

        String json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(host);

        assertThat(json).contains("\"MaskedPaths\":[]").contains("\"ReadonlyPaths\":[]");
        String other = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(
                model(SPEC, IsolationProfile.PRIVILEGED, TEMPLATE).container().hostConfig());
        assertThat(other).as("the root profiles keep the engine's masking").doesNotContain("MaskedPaths");
    }

    @Test
    void onlyRootlessRunsAsAnotherUserThanRootAndOnlyItCarriesNoRisk() {
        for (IsolationProfile profile : IsolationProfile.values()) {
            boolean rootless = profile == IsolationProfile.ROOTLESS;
            assertThat(profile.runsAsItsOwnUid()).as(profile.configName()).isEqualTo(rootless);
            assertThat(model(SPEC, profile, TEMPLATE).container().user().isPresent()).as(profile.configName())
                    .isEqualTo(rootless);
            assertThat(profile.risk().isEmpty()).as(profile.configName()).isEqualTo(rootless);
            assertThat(profile.shellAccount().user()).as("rootless shells run as the container's own user, its uid")
                    .isEqualTo(rootless ? Optional.empty() : Optional.of("root"));
        }
        assertThat(IsolationProfile.ROOTLESS.shellAccount().env())
                .containsExactly("DOCKER_HOST=unix:///home/sandbox/.run/docker.sock");
        assertThat(model(SPEC, IsolationProfile.PRIVILEGED, TEMPLATE).container().labels())
                .doesNotContainKey(DockerSandboxModel.UID_LABEL);
    }

    @Test
    void aRootlessSandboxCannotBeModelledWithoutItsUidNorARootOneWithOne() {
        assertThatThrownBy(() -> DockerSandboxModel.of(SPEC, IsolationProfile.ROOTLESS, TEMPLATE, OptionalInt.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("uid of their own");
        assertThatThrownBy(() -> DockerSandboxModel.of(SPEC, IsolationProfile.PRIVILEGED, TEMPLATE, OptionalInt.of(UID)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everySandboxHasABridgeOfItsOwnThatTheFenceRecognisesByItsPrefix() {
        String bridge = model(SPEC, IsolationProfile.ROOTLESS, TEMPLATE).network().bridge();
        SandboxSpec other = new SandboxSpec("sb-other00001", "acme", "alice", "p3-container-lifecycle",
                SPEC.expiresAt(), SPEC.limits(), List.of(), SPEC.latestExpiry(), 50);

        assertThat(bridge).matches("lf[0-9a-f]{12}").hasSizeLessThanOrEqualTo(15);
        assertThat(model(other, IsolationProfile.ROOTLESS, TEMPLATE).network().bridge())
                .isNotEqualTo(bridge);
        assertThat(model(SPEC, IsolationProfile.ROOTLESS,
                template("classroom-2", Optional.empty(), true)).network().bridge()).isNotEqualTo(bridge);
    }

    @Test
    void anInstallationIdThatCannotBePartOfADockerNameIsRefused() {
        assertThatThrownBy(() -> template("two words", Optional.empty(), true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("labfleet.docker.installation=two words");
        assertThatThrownBy(() -> template("-leading-dash", Optional.empty(), true))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void isolationProfilesAreChosenByTheirConfigNames() {
        assertThat(IsolationProfile.fromConfig("rootless")).isEqualTo(IsolationProfile.ROOTLESS);
        assertThat(IsolationProfile.fromConfig("privileged")).isEqualTo(IsolationProfile.PRIVILEGED);
        assertThat(IsolationProfile.fromConfig(" Unprivileged ")).isEqualTo(IsolationProfile.UNPRIVILEGED);
        assertThat(IsolationProfile.fromConfig("sysbox")).isEqualTo(IsolationProfile.SYSBOX);
        assertThatThrownBy(() -> IsolationProfile.fromConfig("root"))
                .hasMessage("labfleet.docker.isolation=root is not one of auto, rootless, privileged, unprivileged, sysbox.");
    }
}
