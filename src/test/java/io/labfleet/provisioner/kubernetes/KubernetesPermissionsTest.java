package io.labfleet.provisioner.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.labfleet.config.KubernetesConfig;
import io.labfleet.provisioner.ProvisioningException;
import io.labfleet.provisioner.RuntimeStatus;
import io.labfleet.provisioner.SandboxProcess;
import io.labfleet.provisioner.SandboxSpec;
import io.labfleet.provisioner.ShellRequest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static io.labfleet.provisioner.kubernetes.KubernetesTestConfig.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Records every request the provisioner sends to the (fake) API server through a whole lifecycle, and checks
 * that the permissions they need are exactly those of {@link ProvisionerRbac}, which the chart grants.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class KubernetesPermissionsTest {

    static KubernetesClient client;
    static KubernetesMockServer server;

    final Set<URI> nonResourceCalls = ConcurrentHashMap.newKeySet();
    /** Permissions used by requests outside any namespace, or that create a RoleBinding (granted cluster-wide). */
    final Set<ProvisionerRbac.Permission> usedClusterWide = ConcurrentHashMap.newKeySet();
    final Set<ProvisionerRbac.Permission> usedInNamespaces = ConcurrentHashMap.newKeySet();
    final Set<String> namespacesUsed = ConcurrentHashMap.newKeySet();

    @Test
    void theProvisionerNeedsExactlyTheCheckedPermissions() throws Exception {
        KubernetesClient recorded = server.createClient(builder -> builder.withHttpClientBuilderConsumer(http ->
                http.addOrReplaceInterceptor("rbac-recorder", new Interceptor() {
                    @Override
                    public void before(BasicBuilder request, HttpRequest sent, RequestTags tags) {
                        ProvisionerRbac.neededFor(sent.method(), sent.uri()).ifPresentOrElse(permission -> {
                            var namespace = ProvisionerRbac.namespaceOf(sent.uri());
                            if (namespace.isEmpty() || ProvisionerRbac.CLUSTER_WIDE.contains(permission)) {
                                usedClusterWide.add(permission);
                            } else {
                                usedInNamespaces.add(permission);
                                namespacesUsed.add(namespace.get());
                            }
                        }, () -> nonResourceCalls.add(sent.uri()));
                    }
                })));
        try (FakeKubelet kubelet = new FakeKubelet(client, server)) {
            KubernetesSandboxProvisioner privileged = provisioner(recorded,
                    KubernetesTestConfig.with(Map.of("labfleet.kubernetes.isolation", "privileged")));
            KubernetesSandboxProvisioner sysbox = provisioner(recorded,
                    KubernetesTestConfig.with(Map.of("labfleet.kubernetes.isolation", "sysbox",
                            "labfleet.kubernetes.docker-storage", "20Gi")));

            assertThat(privileged.isReachable()).isTrue();
            privileged.provision(spec("sb-rbac1", "acme", "alice", 3), (step, percent, message) -> {
            });
            client.network().v1().networkPolicies().inNamespace("labfleet-acme").withName("labfleet-default-deny")
                    .edit(policy -> {
                        policy.getSpec().setPolicyTypes(java.util.List.of("Egress"));
                        return policy;
                    });
            // Another profile, storage size and quota: the namespace's labels, the quota, the limit range and the
            // tampered default policy are all brought up to date.
            SandboxSpec second = spec("sb-rbac2", "acme", "bob", 6);
            sysbox.provision(second, (step, percent, message) -> {
            });
            assertThat(client.namespaces().withName("labfleet-acme").get().getMetadata().getLabels())
                    .containsEntry("pod-security.kubernetes.io/enforce", "baseline");
            assertThat(client.resourceQuotas().inNamespace("labfleet-acme").withName("labfleet-sandboxes").get()
                    .getSpec().getHard()).containsEntry("limits.ephemeral-storage", new Quantity("120Gi"));
            assertThat(client.network().v1().networkPolicies().inNamespace("labfleet-acme")
                    .withName("labfleet-default-deny").get().getSpec().getPolicyTypes())
                    .containsExactlyInAnyOrder("Ingress", "Egress");

            kubelet.failToPullImages();
            assertThatThrownBy(() -> privileged.provision(spec("sb-rbac3", "acme", "carol"), (step, percent, message) -> {
            })).isInstanceOf(ProvisioningException.class);

            assertThat(privileged.status("sb-rbac1")).isEqualTo(RuntimeStatus.RUNNING);
            Pod running = client.pods().inNamespace("labfleet-acme").withName("sb-rbac1").get();
            ShellRequest shell = new ShellRequest(List.of("true"), false, null, 0, 0);
            kubelet.answerExec(running, KubernetesSandboxShell.commandLine(shell, "/root", 2375), true, false, 0, "");
            try (SandboxProcess process = privileged.exec("sb-rbac1", shell)) {
                assertThat(process.waitFor()).isZero();
            }
            assertThat(privileged.listManaged()).hasSize(3);
            for (String sandbox : new String[]{"sb-rbac1", "sb-rbac2", "sb-rbac3", "sb-never-made"}) {
                privileged.deprovision(sandbox);
            }
            assertThat(privileged.listManaged()).isEmpty();
        }

        assertThat(new HashSet<>(usedClusterWide)).as("cluster-wide permissions the provisioner's requests needed")
                .containsExactlyInAnyOrderElementsOf(ProvisionerRbac.CLUSTER_WIDE);
        Set<ProvisionerRbac.Permission> inNamespaces = new HashSet<>(usedInNamespaces);
        inNamespaces.addAll(ProvisionerRbac.NOT_SEEN_IN_REQUESTS);
        assertThat(inNamespaces).as("permissions the provisioner's requests needed inside namespaces")
                .containsExactlyInAnyOrderElementsOf(ProvisionerRbac.IN_TENANT_NAMESPACES);
        assertThat(namespacesUsed).as("namespaces the provisioner acted in").containsOnly("labfleet-acme");
        assertThat(nonResourceCalls).extracting(URI::getPath).containsOnlyElementsOf(ProvisionerRbac.NON_RESOURCE_PATHS);
    }

    @Test
    void requestsAreReadAsTheVerbsRbacChecksInTheirNamespace() {
        assertThat(ProvisionerRbac.namespaceOf(URI.create("/api/v1/namespaces/labfleet-acme/pods/sb-1/exec?command=sh")))
                .contains("labfleet-acme");
        assertThat(ProvisionerRbac.namespaceOf(URI.create("/apis/rbac.authorization.k8s.io/v1/namespaces/labfleet-acme/rolebindings")))
                .contains("labfleet-acme");
        assertThat(ProvisionerRbac.namespaceOf(URI.create("/api/v1/namespaces/labfleet-acme"))).isEmpty();
        assertThat(ProvisionerRbac.namespaceOf(URI.create("/api/v1/namespaces?labelSelector=a"))).isEmpty();
        assertThat(ProvisionerRbac.neededFor("GET", URI.create("/api/v1/namespaces/labfleet-acme/pods/sb-1/exec?command=sh")))
                .contains(new ProvisionerRbac.Permission("", "pods/exec", "get"));
        assertThat(ProvisionerRbac.neededFor("GET", URI.create("/api/v1/pods?labelSelector=a%3Db")))
                .contains(new ProvisionerRbac.Permission("", "pods", "list"));
        assertThat(ProvisionerRbac.neededFor("GET", URI.create("/api/v1/namespaces/labfleet-acme/pods?watch=true")))
                .contains(new ProvisionerRbac.Permission("", "pods", "watch"));
        assertThat(ProvisionerRbac.neededFor("PATCH", URI.create("/api/v1/namespaces/labfleet-acme")))
                .contains(new ProvisionerRbac.Permission("", "namespaces", "patch"));
        assertThat(ProvisionerRbac.neededFor("PATCH", URI.create("/api/v1/namespaces/labfleet-acme/pods/sb-1/status")))
                .contains(new ProvisionerRbac.Permission("", "pods/status", "patch"));
        assertThat(ProvisionerRbac.neededFor("DELETE",
                URI.create("/apis/networking.k8s.io/v1/namespaces/labfleet-acme/networkpolicies")))
                .contains(new ProvisionerRbac.Permission("networking.k8s.io", "networkpolicies", "deletecollection"));
        assertThat(ProvisionerRbac.neededFor("GET", URI.create("/version"))).isEmpty();
    }

    private static KubernetesSandboxProvisioner provisioner(KubernetesClient client, KubernetesConfig config) {
        return new KubernetesSandboxProvisioner(client, config, Duration.ofSeconds(20),
                Clock.fixed(KubernetesTestConfig.NOW, ZoneOffset.UTC), new FakePodUids());
    }
}
