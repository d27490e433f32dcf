package io.labfleet.provisioner.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.labfleet.config.KubernetesConfig;
import io.labfleet.provisioner.SandboxLabels;
import io.labfleet.provisioner.SandboxSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

import static io.labfleet.provisioner.kubernetes.KubernetesTestConfig.NOW;
import static io.labfleet.provisioner.kubernetes.KubernetesTestConfig.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class SandboxPodModelTest {

    static final SandboxSpec SPEC = spec("sb-k3v9q2mxa7", "acme", "alice@school.example");

    /** The host uid the provisioner leased for the sandbox, for rootless pods without user namespaces. */
    static final OptionalLong LEASED = OptionalLong.of(FakePodUids.FIRST);
    static final OptionalLong NONE = OptionalLong.empty();

    final SandboxPodModel rootless = new SandboxPodModel(KubernetesTestConfig.defaults(), false);

    @Test
    void podCarriesTheSandboxLabelsAndTheOriginalIds() {
        Pod pod = rootless.pod(SPEC, NOW, LEASED);

        assertThat(pod.getMetadata().getName()).isEqualTo("sb-k3v9q2mxa7");
        assertThat(pod.getMetadata().getNamespace()).isEqualTo("labfleet-acme");
        assertThat(pod.getMetadata().getLabels()).containsOnly(
                Map.entry(SandboxLabels.MANAGED_BY, "labfleet"),
                Map.entry(SandboxLabels.INSTALLATION, "default"),
                Map.entry(SandboxLabels.SANDBOX, "sb-k3v9q2mxa7"),
                Map.entry(SandboxLabels.TENANT, "acme"),
                Map.entry(SandboxLabels.LEARNER, KubernetesNames.labelValue("alice@school.example")),
                Map.entry(SandboxLabels.EXPIRES_AT, String.valueOf(SPEC.expiresAt().getEpochSecond())));
        assertThat(pod.getMetadata().getLabels().get(SandboxLabels.LEARNER)).startsWith("alice-school.example-");
        assertThat(pod.getMetadata().getAnnotations())
                .containsEntry(SandboxLabels.TENANT, "acme")
                .containsEntry(SandboxLabels.LEARNER, "alice@school.example");
    }

    @Test
    void podRunsTheDaemonWithLimitsOnAnEmptyDirAndNoServiceAccountToken() {
        Pod pod = rootless.pod(SPEC, NOW, LEASED);
        Container docker = pod.getSpec().getContainers().get(0);

        assertThat(pod.getSpec().getContainers()).hasSize(1);
        assertThat(docker.getImage()).isEqualTo("labfleet/sandbox:latest");
        assertThat(docker.getResources().getLimits()).containsOnly(
                Map.entry("cpu", new Quantity("1")),
                Map.entry("memory", new Quantity("1Gi")),
                Map.entry("ephemeral-storage", new Quantity("10Gi")));
        assertThat(docker.getResources().getRequests()).containsOnly(
                Map.entry("cpu", new Quantity("250m")),
                Map.entry("memory", new Quantity("256Mi")),
                Map.entry("ephemeral-storage", new Quantity("2560Mi")));
        assertThat(docker.getVolumeMounts()).filteredOn(mount -> mount.getName().equals(SandboxPodModel.DOCKER_DATA_VOLUME))
                .singleElement().satisfies(mount ->
                        assertThat(mount.getMountPath()).isEqualTo("/var/lib/docker"));
        assertThat(docker.getEnv()).as("the entrypoint keeps the daemon's data where the emptyDir is")
                .anySatisfy(env -> assertThat(env).extracting("name", "value")
                        .containsExactly("SANDBOX_DATA_ROOT", "/var/lib/docker"));
        assertThat(pod.getSpec().getVolumes()).filteredOn(volume -> volume.getName().equals(SandboxPodModel.DOCKER_DATA_VOLUME))
                .singleElement().satisfies(volume -> assertThat(volume.getEmptyDir().getSizeLimit()).isEqualTo(new Quantity("10Gi")));
        assertThat(docker.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/_ping");
        assertThat(docker.getReadinessProbe().getHttpGet().getPort()).isEqualTo(new IntOrString(2375));
        assertThat(docker.getPorts()).singleElement().satisfies(port -> assertThat(port.getContainerPort()).isEqualTo(2375));
        assertThat(docker.getArgs()).isEmpty();
        assertThat(pod.getSpec().getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getSpec().getEnableServiceLinks()).isFalse();
    }

    @Test
    void deadlineIsTheLatestPossibleExpiryPlusTheGrace() {
        Pod pod = rootless.pod(SPEC, NOW, LEASED);

        assertThat(pod.getSpec().getActiveDeadlineSeconds()).isEqualTo(4 * 3600 + 15 * 60);
        assertThat(rootless.activeDeadlineSeconds(SPEC, SPEC.latestExpiry().plusSeconds(3600))).isEqualTo(15 * 60);
    }

    @Test
    void rootlessByDefaultRunsAsItsLeasedUidWithOnlySetuidAndSetgidAndTheProjectsSeccompProfile() {
        Pod pod = rootless.pod(SPEC, NOW, LEASED);
        PodSecurityContext podSecurity = pod.getSpec().getSecurityContext();
        SecurityContext security = pod.getSpec().getContainers().get(0).getSecurityContext();

        assertThat(rootless.needsLeasedUid()).as("without user namespaces a pod's uid is the node's").isTrue();
        assertThat(podSecurity.getRunAsUser()).isEqualTo(FakePodUids.FIRST);
        assertThat(podSecurity.getRunAsGroup()).isEqualTo(FakePodUids.FIRST);
        assertThat(podSecurity.getFsGroup()).isEqualTo(FakePodUids.FIRST);
        assertThat(rootless.home()).isEqualTo("/home/sandbox");
        assertThat(podSecurity.getRunAsNonRoot()).isTrue();
        assertThat(podSecurity.getSeccompProfile().getType()).isEqualTo("Localhost");
        assertThat(podSecurity.getSeccompProfile().getLocalhostProfile()).isEqualTo("labfleet/seccomp-rootless.json");
        assertThat(podSecurity.getAppArmorProfile()).isNull();
        assertThat(security.getPrivileged()).isFalse();
        assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(security.getCapabilities().getAdd()).containsExactlyInAnyOrder("SETUID", "SETGID");
        assertThat(security.getAllowPrivilegeEscalation()).as("newuidmap's file capabilities").isTrue();
        assertThat(security.getProcMount()).isNull();
        assertThat(pod.getSpec().getHostUsers()).isNull();
        assertThat(pod.getSpec().getRuntimeClassName()).isNull();
        assertThat(SandboxPodSecurity.level(KubernetesTestConfig.defaults())).isEqualTo(SandboxPodSecurity.Level.BASELINE);
    }

    @Test
    void withUserNamespacesTheRootlessPodLeavesTheHostsUsersAndUnmasksProc() {
        SandboxPodModel userNamespaced = new SandboxPodModel(KubernetesTestConfig.defaults(), true);
        Pod pod = userNamespaced.pod(SPEC, NOW, NONE);

        assertThat(userNamespaced.needsLeasedUid()).as("the kubelet gives each pod a host range of its own").isFalse();
        assertThat(pod.getSpec().getSecurityContext().getRunAsUser())
                .as("rootless-userns, whose subordinate ids 1-65534 fit in the pod's 65536 ids").isEqualTo(65535L);
        assertThat(pod.getSpec().getHostUsers()).isFalse();
        assertThat(pod.getSpec().getContainers().get(0).getSecurityContext().getProcMount()).isEqualTo("Unmasked");
        assertThat(pod.getSpec().getContainers().get(0).getSecurityContext().getPrivileged()).isFalse();
    }

    @Test
    void noPodOfTheDefaultProfileIsPrivilegedWithOrWithoutUserNamespaces() {
        for (boolean userNamespaces : new boolean[]{false, true}) {
            Pod pod = new SandboxPodModel(KubernetesTestConfig.defaults(), userNamespaces).pod(SPEC, NOW,
                    userNamespaces ? NONE : LEASED);

            assertThat(Stream.concat(pod.getSpec().getContainers().stream(), pod.getSpec().getInitContainers().stream()))
                    .allSatisfy(container -> {
                        assertThat(container.getSecurityContext()).isNotNull();
                        assertThat(container.getSecurityContext().getPrivileged()).isNotEqualTo(Boolean.TRUE);
                        assertThat(Optional.ofNullable(container.getSecurityContext().getCapabilities().getAdd())
                                .orElse(List.of())).isSubsetOf("SETUID", "SETGID");
                    });
            assertThat(pod.getSpec().getHostNetwork()).isNotEqualTo(Boolean.TRUE);
            assertThat(pod.getSpec().getHostPID()).isNotEqualTo(Boolean.TRUE);
            assertThat(pod.getSpec().getVolumes()).allSatisfy(volume -> assertThat(volume.getHostPath()).isNull());
        }
    }

    @Test
    void unconfinedSeccompOrAppArmorIsTheDocumentedAlternativeAndNeedsThePrivilegedLevel() {
        KubernetesConfig unconfined = KubernetesTestConfig.with(Map.of(
                "labfleet.kubernetes.seccomp-profile", "unconfined",
                "labfleet.kubernetes.apparmor-profile", "localhost/labfleet-rootless"));
        Pod pod = new SandboxPodModel(unconfined, false).pod(SPEC, NOW, LEASED);

        assertThat(pod.getSpec().getSecurityContext().getSeccompProfile().getType()).isEqualTo("Unconfined");
        assertThat(pod.getSpec().getSecurityContext().getAppArmorProfile().getType()).isEqualTo("Localhost");
        assertThat(pod.getSpec().getSecurityContext().getAppArmorProfile().getLocalhostProfile())
                .isEqualTo("labfleet-rootless");
        assertThat(SandboxPodSecurity.level(unconfined)).isEqualTo(SandboxPodSecurity.Level.PRIVILEGED);
        assertThat(SandboxPodSecurity.level(KubernetesTestConfig.with(Map.of(
                "labfleet.kubernetes.apparmor-profile", "unconfined")))).isEqualTo(SandboxPodSecurity.Level.PRIVILEGED);
        assertThatThrownBy(() -> SandboxPodSecurity.appArmorProfile("complain"))
                .hasMessageContaining("labfleet.kubernetes.apparmor-profile");
    }

    @Test
    void aTunDeviceResourceIsRequestedWhenConfigured() {
        Pod pod = new SandboxPodModel(KubernetesTestConfig.with(Map.of(
                "labfleet.kubernetes.tun-device-resource", "squat.ai/tun")), false).pod(SPEC, NOW, LEASED);

        assertThat(pod.getSpec().getContainers().get(0).getResources().getLimits())
                .containsEntry("squat.ai/tun", new Quantity("1"));
    }

    @Test
    void privilegedProfileRunsAPrivilegedContainerOnlyWhenAskedFor() {
        Pod pod = new SandboxPodModel(KubernetesTestConfig.with(Map.of("labfleet.kubernetes.isolation", "privileged")), false)
                .pod(SPEC, NOW, NONE);

        assertThat(pod.getSpec().getContainers().get(0).getSecurityContext().getPrivileged()).isTrue();
        assertThat(pod.getSpec().getContainers().get(0).getVolumeMounts())
                .anySatisfy(mount -> assertThat(mount.getMountPath()).isEqualTo("/var/lib/docker"));
        assertThat(pod.getSpec().getRuntimeClassName()).isNull();
        assertThat(pod.getMetadata().getAnnotations()).doesNotContainKey(SandboxPodSecurity.CRIO_USERNS_MODE);
        assertThat(pod.getSpec().getInitContainers()).singleElement().satisfies(init -> {
            assertThat(init.getSecurityContext().getPrivileged()).isNull();
            assertThat(init.getSecurityContext().getRunAsUser()).isEqualTo(1000L);
        });
    }

    @Test
    void sysboxProfileUsesItsRuntimeClassAndAUserNamespaceAndNoPrivilege() {
        Pod pod = new SandboxPodModel(KubernetesTestConfig.with(Map.of("labfleet.kubernetes.isolation", "sysbox")), false)
                .pod(SPEC, NOW, NONE);

        assertThat(pod.getSpec().getRuntimeClassName()).isEqualTo("sysbox-runc");
        assertThat(pod.getSpec().getContainers().get(0).getSecurityContext()).isNull();
        assertThat(pod.getMetadata().getAnnotations()).containsEntry("io.kubernetes.cri-o.userns-mode", "auto:size=65536");
        assertThat(pod.getSpec().getHostUsers()).isNull();
    }

    @Test
    void sysboxOnContainerdAsksForAUserNamespaceWithHostUsersFalse() {
        Pod pod = new SandboxPodModel(KubernetesTestConfig.with(Map.of(
                "labfleet.kubernetes.isolation", "sysbox",
                "labfleet.kubernetes.sysbox-user-namespace", "host-users")), false).pod(SPEC, NOW, NONE);

        assertThat(pod.getSpec().getHostUsers()).isFalse();
        assertThat(pod.getMetadata().getAnnotations()).doesNotContainKey(SandboxPodSecurity.CRIO_USERNS_MODE);
        assertThat(pod.getSpec().getContainers().get(0).getSecurityContext()).isNull();
    }

    @Test
    void theLabsImagesAreCopiedByAnInitContainerAndLoadedFromThere() {
        SandboxSpec spec = withImages("nginx", "team/app:1.0", "nginx:latest");
        Pod pod = rootless.pod(spec, NOW, LEASED);

        assertThat(pod.getSpec().getInitContainers()).singleElement().satisfies(init -> {
            assertThat(init.getImage()).isEqualTo("labfleet/lab-images:latest");
            assertThat(init.getCommand()).endsWith("nginx:latest.tar", "team+app:1.0.tar");
            assertThat(init.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
            assertThat(init.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
            assertThat(init.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
            assertThat(init.getVolumeMounts()).singleElement().satisfies(mount ->
                    assertThat(mount.getMountPath()).isEqualTo(SandboxPodModel.LAB_IMAGES_PATH));
        });
        assertThat(pod.getSpec().getContainers().get(0).getVolumeMounts())
                .anySatisfy(mount -> {
                    assertThat(mount.getMountPath()).isEqualTo(SandboxPodModel.LAB_IMAGES_PATH);
                    assertThat(mount.getReadOnly()).isTrue();
                });
        assertThat(rootless.seedCommand(spec)).containsSubsequence("load", "nginx:latest.tar", "team+app:1.0.tar");
        assertThat(rootless.seedCommand(spec).get(2)).contains("docker -H tcp://127.0.0.1:2375 load");
    }

    @Test
    void withThePullSourceTheDaemonPullsThroughTheMirrorAndNoInitContainerRuns() {
        SandboxPodModel pulling = new SandboxPodModel(KubernetesTestConfig.with(Map.of(
                "labfleet.kubernetes.image-source", "pull",
                "labfleet.kubernetes.registry-mirror", "http://mirror.labs.svc:5000")), false);
        SandboxSpec spec = withImages("nginx");
        Pod pod = pulling.pod(spec, NOW, LEASED);

        assertThat(pod.getSpec().getInitContainers()).isEmpty();
        assertThat(pod.getSpec().getContainers().get(0).getArgs()).containsExactly("--registry-mirror=http://mirror.labs.svc:5000");
        assertThat(pulling.seedCommand(spec)).endsWith("pull", "nginx");
    }

    @Test
    void aLabWithoutImagesHasNoInitContainer() {
        assertThat(rootless.pod(withImages(), NOW, LEASED).getSpec().getInitContainers()).isEmpty();
    }

    @Test
    void policyAdmitsOnlyTheServicePodsToEveryPort() {
        NetworkPolicy policy = new SandboxPodModel(KubernetesTestConfig.with(Map.of(
                "labfleet.kubernetes.service-namespace", "labfleet-system",
                "labfleet.kubernetes.service-pod-selector", "app.kubernetes.io/name=labfleet, app.kubernetes.io/instance=prod")), false)
                .networkPolicy(SPEC, ownerPod());

        assertThat(policy.getSpec().getPodSelector().getMatchLabels()).containsOnly(Map.entry(SandboxLabels.SANDBOX, "sb-k3v9q2mxa7"));
        assertThat(policy.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
        NetworkPolicyIngressRule ingress = policy.getSpec().getIngress().get(0);
        assertThat(policy.getSpec().getIngress()).hasSize(1);
        assertThat(ingress.getFrom()).singleElement().satisfies(peer -> {
            assertThat(peer.getNamespaceSelector().getMatchLabels())
                    .containsOnly(Map.entry("kubernetes.io/metadata.name", "labfleet-system"));
            assertThat(peer.getPodSelector().getMatchLabels()).containsOnly(
                    Map.entry("app.kubernetes.io/name", "labfleet"), Map.entry("app.kubernetes.io/instance", "prod"));
            assertThat(peer.getIpBlock()).isNull();
        });
        assertThat(ingress.getPorts()).as("every port: the daemon's and those ssh -L reaches").isNullOrEmpty();
    }

    @Test
    void policyLetsTheSandboxReachTheInternetAndDnsButNoPrivateRangeNorTheServiceRange() {
        NetworkPolicy policy = new SandboxPodModel(KubernetesTestConfig.with(Map.of(
                "labfleet.kubernetes.service-cidr", "34.118.224.0/20")), false).networkPolicy(SPEC, ownerPod());

        assertThat(policy.getSpec().getEgress()).hasSize(2);
        NetworkPolicyEgressRule internet = policy.getSpec().getEgress().get(0);
        assertThat(internet.getPorts()).isNullOrEmpty();
        assertThat(internet.getTo()).singleElement().satisfies(peer -> {
            assertThat(peer.getIpBlock().getCidr()).isEqualTo("0.0.0.0/0");
            assertThat(peer.getIpBlock().getExcept())
                    .containsExactly("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16",
                            "100.64.0.0/10", "34.118.224.0/20");
            assertThat(peer.getPodSelector()).isNull();
        });
        NetworkPolicyEgressRule dns = policy.getSpec().getEgress().get(1);
        assertThat(dns.getTo()).singleElement().satisfies(peer ->
                assertThat(peer.getPodSelector().getMatchLabels()).containsOnly(Map.entry("k8s-app", "kube-dns")));
        assertThat(dns.getPorts()).extracting(NetworkPolicyPort::getProtocol, NetworkPolicyPort::getPort)
                .containsExactlyInAnyOrder(tuple("UDP", new IntOrString(53)), tuple("TCP", new IntOrString(53)));
    }

    @Test
    void policyIsOwnedByThePodAndLabelledLikeIt() {
        Pod owner = ownerPod();
        NetworkPolicy policy = rootless.networkPolicy(SPEC, owner);

        assertThat(policy.getMetadata().getNamespace()).isEqualTo("labfleet-acme");
        assertThat(policy.getMetadata().getLabels()).isEqualTo(owner.getMetadata().getLabels());
        assertThat(policy.getMetadata().getOwnerReferences()).singleElement().satisfies(reference -> {
            assertThat(reference.getApiVersion()).isEqualTo("v1");
            assertThat(reference.getKind()).isEqualTo("Pod");
            assertThat(reference.getName()).isEqualTo("sb-k3v9q2mxa7");
            assertThat(reference.getUid()).isEqualTo("0f7c1a6e-uid");
        });
    }

    private static SandboxSpec withImages(String... images) {
        return new SandboxSpec(SPEC.sandboxId(), SPEC.tenantId(), SPEC.learnerId(), SPEC.labId(), SPEC.expiresAt(),
                SPEC.limits(), List.of(images), SPEC.latestExpiry(), SPEC.tenantMaxActiveSandboxes());
    }

    private Pod ownerPod() {
        Pod pod = rootless.pod(SPEC, NOW, LEASED);
        return new PodBuilder(pod).editMetadata().withUid("0f7c1a6e-uid").endMetadata().build();
    }
}
