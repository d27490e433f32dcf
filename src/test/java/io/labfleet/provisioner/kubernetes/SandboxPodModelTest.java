package io.labfleet.provisioner.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.labfleet.provisioner.SandboxLabels;
import io.labfleet.provisioner.SandboxSpec;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.labfleet.provisioner.kubernetes.KubernetesTestConfig.NOW;
import static io.labfleet.provisioner.kubernetes.KubernetesTestConfig.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class SandboxPodModelTest {

    static final SandboxSpec SPEC = spec("sb-k3v9q2mxa7", "acme", "alice@school.example");

    final SandboxPodModel privileged = new SandboxPodModel(KubernetesTestConfig.defaults());

    @Test
    void podCarriesTheSandboxLabelsAndTheOriginalIds() {
        Pod pod = privileged.pod(SPEC, NOW);

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
        Pod pod = privileged.pod(SPEC, NOW);
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
        assertThat(docker.getVolumeMounts()).singleElement()
                .satisfies(mount -> assertThat(mount.getMountPath()).isEqualTo("/var/lib/docker"));
        assertThat(pod.getSpec().getVolumes()).singleElement().satisfies(volume -> {
            assertThat(volume.getName()).isEqualTo(docker.getVolumeMounts().get(0).getName());
            assertThat(volume.getEmptyDir().getSizeLimit()).isEqualTo(new Quantity("10Gi"));
        });
        assertThat(docker.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/_ping");
        assertThat(docker.getReadinessProbe().getHttpGet().getPort()).isEqualTo(new IntOrString(2375));
        assertThat(docker.getPorts()).singleElement().satisfies(port -> assertThat(port.getContainerPort()).isEqualTo(2375));
        assertThat(pod.getSpec().getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getSpec().getEnableServiceLinks()).isFalse();
    }

    @Test
    void deadlineIsTheLatestPossibleExpiryPlusTheGrace() {
        Pod pod = privileged.pod(SPEC, NOW);

        assertThat(pod.getSpec().getActiveDeadlineSeconds()).isEqualTo(4 * 3600 + 15 * 60);
        assertThat(privileged.activeDeadlineSeconds(SPEC, SPEC.latestExpiry().plusSeconds(3600))).isEqualTo(15 * 60);
    }

    @Test
    void privilegedProfileRunsAPrivilegedContainerWithTheDefaultRuntime() {
        Pod pod = privileged.pod(SPEC, NOW);

        assertThat(pod.getSpec().getContainers().get(0).getSecurityContext().getPrivileged()).isTrue();
        assertThat(pod.getSpec().getRuntimeClassName()).isNull();
        assertThat(pod.getMetadata().getAnnotations()).doesNotContainKey(SandboxPodModel.CRIO_USERNS_MODE);
    }

    @Test
    void sysboxProfileUsesItsRuntimeClassAndAUserNamespaceAndNoPrivilege() {
        Pod pod = new SandboxPodModel(KubernetesTestConfig.with(Map.of("labfleet.kubernetes.isolation", "sysbox")))
                .pod(SPEC, NOW);

        assertThat(pod.getSpec().getRuntimeClassName()).isEqualTo("sysbox-runc");
        assertThat(pod.getSpec().getContainers().get(0).getSecurityContext()).isNull();
        assertThat(pod.getMetadata().getAnnotations()).containsEntry("io.kubernetes.cri-o.userns-mode", "auto:size=65536");
        assertThat(pod.getSpec().getHostUsers()).isNull();
    }

    @Test
    void sysboxOnContainerdAsksForAUserNamespaceWithHostUsersFalse() {
        Pod pod = new SandboxPodModel(KubernetesTestConfig.with(Map.of(
                "labfleet.kubernetes.isolation", "sysbox",
                "labfleet.kubernetes.sysbox-user-namespace", "host-users"))).pod(SPEC, NOW);

        assertThat(pod.getSpec().getHostUsers()).isFalse();
        assertThat(pod.getMetadata().getAnnotations()).doesNotContainKey(SandboxPodModel.CRIO_USERNS_MODE);
        assertThat(pod.getSpec().getContainers().get(0).getSecurityContext()).isNull();
    }

    @Test
    void policyAdmitsOnlyTheServicePodsToTheDaemonPort() {
        NetworkPolicy policy = new SandboxPodModel(KubernetesTestConfig.with(Map.of(
                "labfleet.kubernetes.service-namespace", "labfleet-system",
                "labfleet.kubernetes.service-pod-selector", "app.kubernetes.io/name=labfleet, app.kubernetes.io/instance=prod")))
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
        assertThat(ingress.getPorts()).extracting(NetworkPolicyPort::getProtocol, NetworkPolicyPort::getPort)
                .containsExactly(tuple("TCP", new IntOrString(2375)));
    }

    @Test
    void policyLetsTheSandboxReachTheInternetAndDnsButNoPrivateRange() {
        NetworkPolicy policy = privileged.networkPolicy(SPEC, ownerPod());

        assertThat(policy.getSpec().getEgress()).hasSize(2);
        NetworkPolicyEgressRule internet = policy.getSpec().getEgress().get(0);
        assertThat(internet.getPorts()).isNullOrEmpty();
        assertThat(internet.getTo()).singleElement().satisfies(peer -> {
            assertThat(peer.getIpBlock().getCidr()).isEqualTo("0.0.0.0/0");
            assertThat(peer.getIpBlock().getExcept())
                    .containsExactly("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16");
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
        NetworkPolicy policy = privileged.networkPolicy(SPEC, owner);

        assertThat(policy.getMetadata().getNamespace()).isEqualTo("labfleet-acme");
        assertThat(policy.getMetadata().getLabels()).isEqualTo(owner.getMetadata().getLabels());
        assertThat(policy.getMetadata().getOwnerReferences()).singleElement().satisfies(reference -> {
            assertThat(reference.getApiVersion()).isEqualTo("v1");
            assertThat(reference.getKind()).isEqualTo("Pod");
            assertThat(reference.getName()).isEqualTo("sb-k3v9q2mxa7");
            assertThat(reference.getUid()).isEqualTo("0f7c1a6e-uid");
        });
    }

    private Pod ownerPod() {
        Pod pod = privileged.pod(SPEC, NOW);
        return new PodBuilder(pod).editMetadata().withUid("0f7c1a6e-uid").endMetadata().build();
    }
}
