package io.labfleet.provisioner.kubernetes;

import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.LimitRangeBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.labfleet.config.KubernetesConfig;
import io.labfleet.provisioner.SandboxLabels;
import io.labfleet.provisioner.SandboxSpec;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The objects of a tenant's namespace, built without I/O: the namespace (with the pod security level the
 * isolation profile needs), the RoleBinding that gives the service its rights there and nowhere else, a ResourceQuota and a LimitRange derived from the tenant's quota of sandboxes, and
 * a NetworkPolicy that denies all traffic to and from every pod in it unless a sandbox's own policy admits it
 * (so a sandbox is never reachable in the moment between its pod and its policy being created).
 */
final class TenantNamespaceModel {

    static final String QUOTA = "labfleet-sandboxes";
    static final String LIMIT_RANGE = "labfleet-sandboxes";
    static final String DEFAULT_DENY = "labfleet-default-deny";
    static final String POD_SECURITY_ENFORCE = "pod-security.kubernetes.io/enforce";
    static final String PODS = "pods";
    static final String ROLE_BINDING = "labfleet-provisioner";
    static final String RBAC_GROUP = "rbac.authorization.k8s.io";

    private final KubernetesConfig config;

    TenantNamespaceModel(KubernetesConfig config) {
        this.config = config;
    }

    String name(String tenantId) {
        return KubernetesNames.namespaceFor(config.namespacePrefix(), tenantId);
    }

    Namespace namespace(String tenantId) {
        Map<String, String> labels = new LinkedHashMap<>(tenantLabels(tenantId));
        labels.put(POD_SECURITY_ENFORCE, podSecurityLevel());
        labels.put(ClusterUidRanges.LABEL, ClusterUidRanges.labelValue(config));
        return new NamespaceBuilder()
                .withMetadata(new ObjectMetaBuilder()
                        .withName(name(tenantId))
                        .withLabels(labels)
                        .withAnnotations(Map.of(SandboxLabels.TENANT, tenantId))
                        .build())
                .build();
    }

    /** At most as many sandbox pods, and their requests and limits, as the tenant may run sandboxes at once. */
    ResourceQuota resourceQuota(SandboxSpec spec) {
        int sandboxes = spec.tenantMaxActiveSandboxes();
        Map<String, Quantity> hard = new LinkedHashMap<>();
        hard.put(PODS, new Quantity(String.valueOf(sandboxes)));
        hard.putAll(SandboxResources.of(spec.limits(), config).quotaFor(sandboxes));
        return new ResourceQuotaBuilder()
                .withMetadata(metadata(QUOTA, spec.tenantId()))
                .withNewSpec().withHard(hard).endSpec()
                .build();
    }

    /** Every container in the namespace gets a sandbox's requests and limits by default, and no more. */
    LimitRange limitRange(SandboxSpec spec) {
        SandboxResources resources = SandboxResources.of(spec.limits(), config);
        return new LimitRangeBuilder()
                .withMetadata(metadata(LIMIT_RANGE, spec.tenantId()))
                .withNewSpec()
                .addNewLimit()
                .withType("Container")
                .withMax(resources.limits())
                .withDefault(resources.limits())
                .withDefaultRequest(resources.requests())
                .endLimit()
                .endSpec()
                .build();
    }

    NetworkPolicy defaultDeny(String tenantId) {
        return new NetworkPolicyBuilder()
                .withMetadata(metadata(DEFAULT_DENY, tenantId))
                .withNewSpec()
                .withNewPodSelector().endPodSelector()
                .withPolicyTypes("Ingress", "Egress")
                .endSpec()
                .build();
    }

    /**
     * Gives the service's account the rights of the sandbox role ({@code labfleet.kubernetes.sandbox-role}) in
     * this namespace only: pods, exec, policies, quota. The role is never bound cluster-wide.
     */
    RoleBinding roleBinding(String tenantId) {
        return new RoleBindingBuilder()
                .withMetadata(metadata(ROLE_BINDING, tenantId))
                .withNewRoleRef()
                .withApiGroup(RBAC_GROUP)
                .withKind("ClusterRole")
                .withName(config.sandboxRole())
                .endRoleRef()
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName(config.serviceAccount())
                .withNamespace(config.serviceNamespace())
                .endSubject()
                .build();
    }

    /** The strictest level that admits the profile's pods ({@link SandboxPodSecurity#level}). */
    private String podSecurityLevel() {
        return SandboxPodSecurity.level(config).label();
    }

    private ObjectMeta metadata(String name, String tenantId) {
        return new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(name(tenantId))
                .withLabels(tenantLabels(tenantId))
                .build();
    }

    private Map<String, String> tenantLabels(String tenantId) {
        return Map.of(
                SandboxLabels.MANAGED_BY, SandboxLabels.MANAGER,
                SandboxLabels.INSTALLATION, KubernetesNames.labelValue(config.installation()),
                SandboxLabels.TENANT, KubernetesNames.labelValue(tenantId));
    }
}
