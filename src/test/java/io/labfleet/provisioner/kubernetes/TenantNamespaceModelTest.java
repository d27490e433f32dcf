package io.labfleet.provisioner.kubernetes;

import io.fabric8.kubernetes.api.model.LimitRangeItem;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.labfleet.provisioner.SandboxLabels;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.labfleet.provisioner.kubernetes.KubernetesTestConfig.spec;
import static org.assertj.core.api.Assertions.assertThat;

class TenantNamespaceModelTest {

    final TenantNamespaceModel model = new TenantNamespaceModel(KubernetesTestConfig.defaults());

    @Test
    void namespaceIsNamedAfterTheTenantAndEnforcesTheBaselineLevelForTheRootlessProfile() {
        Namespace namespace = model.namespace("acme");

        assertThat(namespace.getMetadata().getName()).isEqualTo("labfleet-acme");
        assertThat(namespace.getMetadata().getLabels()).containsOnly(
                Map.entry(SandboxLabels.MANAGED_BY, "labfleet"),
                Map.entry(SandboxLabels.INSTALLATION, "default"),
                Map.entry(SandboxLabels.TENANT, "acme"),
                Map.entry("pod-security.kubernetes.io/enforce", "baseline"),
                Map.entry("labfleet.io/rootless-uids", "1000000000-4096"));
        assertThat(namespace.getMetadata().getAnnotations()).containsEntry(SandboxLabels.TENANT, "acme");
    }

    @Test
    void onlyThePrivilegedProfileOrAnUnconfinedSeccompProfileOpensTheNamespaceToPrivilegedPods() {
        assertThat(levelFor(Map.of("labfleet.kubernetes.isolation", "privileged"))).isEqualTo("privileged");
        assertThat(levelFor(Map.of("labfleet.kubernetes.seccomp-profile", "unconfined"))).isEqualTo("privileged");
        assertThat(levelFor(Map.of("labfleet.kubernetes.user-namespaces", "enabled"))).isEqualTo("baseline");
    }

    @Test
    void roleBindingGivesTheServiceAccountTheSandboxRoleInThisNamespaceOnly() {
        RoleBinding binding = new TenantNamespaceModel(KubernetesTestConfig.with(Map.of(
                "labfleet.kubernetes.sandbox-role", "labfleet-prod-sandboxes",
                "labfleet.kubernetes.service-account", "labfleet-prod",
                "labfleet.kubernetes.service-namespace", "labfleet-system"))).roleBinding("acme");

        assertThat(binding.getMetadata().getNamespace()).isEqualTo("labfleet-acme");
        assertThat(binding.getMetadata().getLabels()).containsEntry(SandboxLabels.MANAGED_BY, "labfleet");
        assertThat(binding.getRoleRef().getKind()).isEqualTo("ClusterRole");
        assertThat(binding.getRoleRef().getName()).isEqualTo("labfleet-prod-sandboxes");
        assertThat(binding.getSubjects()).singleElement().satisfies(subject -> {
            assertThat(subject.getKind()).isEqualTo("ServiceAccount");
            assertThat(subject.getName()).isEqualTo("labfleet-prod");
            assertThat(subject.getNamespace()).isEqualTo("labfleet-system");
        });
    }

    private static String levelFor(Map<String, String> settings) {
        return new TenantNamespaceModel(KubernetesTestConfig.with(settings)).namespace("acme").getMetadata().getLabels()
                .get("pod-security.kubernetes.io/enforce");
    }

    @Test
    void sysboxNamespacesEnforceTheBaselineLevel() {
        Namespace namespace = new TenantNamespaceModel(KubernetesTestConfig.with(Map.of("labfleet.kubernetes.isolation", "sysbox")))
                .namespace("acme");

        assertThat(namespace.getMetadata().getLabels()).containsEntry("pod-security.kubernetes.io/enforce", "baseline");
    }

    @Test
    void quotaHoldsAsManySandboxesAsTheTenantMayRun() {
        Map<String, Quantity> hard = model.resourceQuota(spec("sb-1", "acme", "alice", 4)).getSpec().getHard();

        assertThat(hard).containsOnly(
                Map.entry("pods", new Quantity("4")),
                Map.entry("limits.cpu", new Quantity("4")),
                Map.entry("limits.memory", new Quantity("4Gi")),
                Map.entry("limits.ephemeral-storage", new Quantity("40Gi")),
                Map.entry("requests.cpu", new Quantity("1")),
                Map.entry("requests.memory", new Quantity("1Gi")),
                Map.entry("requests.ephemeral-storage", new Quantity("10Gi")));
    }

    @Test
    void limitRangeBoundsEveryContainerToOneSandbox() {
        LimitRangeItem limit = model.limitRange(spec("sb-1", "acme", "alice")).getSpec().getLimits().get(0);

        assertThat(limit.getType()).isEqualTo("Container");
        assertThat(limit.getMax()).isEqualTo(limit.getDefault())
                .containsEntry("cpu", new Quantity("1"))
                .containsEntry("memory", new Quantity("1Gi"))
                .containsEntry("ephemeral-storage", new Quantity("10Gi"));
        assertThat(limit.getDefaultRequest()).containsEntry("memory", new Quantity("256Mi"));
    }

    @Test
    void defaultPolicyDeniesEverythingToEveryPodOfTheNamespace() {
        NetworkPolicy deny = model.defaultDeny("acme");

        assertThat(deny.getMetadata().getNamespace()).isEqualTo("labfleet-acme");
        assertThat(deny.getMetadata().getLabels()).doesNotContainKey(SandboxLabels.SANDBOX);
        assertThat(deny.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
        assertThat(deny.getSpec().getPodSelector().getMatchExpressions()).isNullOrEmpty();
        assertThat(deny.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
        assertThat(deny.getSpec().getIngress()).isNullOrEmpty();
        assertThat(deny.getSpec().getEgress()).isNullOrEmpty();
    }

    @Test
    void everyObjectLivesInTheTenantNamespace() {
        assertThat(model.resourceQuota(spec("sb-1", "acme", "alice")).getMetadata().getNamespace()).isEqualTo("labfleet-acme");
        assertThat(model.limitRange(spec("sb-1", "acme", "alice")).getMetadata().getNamespace()).isEqualTo("labfleet-acme");
    }
}
