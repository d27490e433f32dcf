package io.labfleet.provisioner.kubernetes;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.labfleet.config.KubernetesConfig;
import io.labfleet.provisioner.SandboxLabels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two installations on one cluster, each leasing host uids in its own database: one whose block overlaps a block
 * another installation's tenant namespaces carry finds it at start-up, named; its own namespaces and blocks apart do
 * not count.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class ClusterUidRangesTest {

    static KubernetesClient client;

    private final KubernetesConfig ours = KubernetesTestConfig.with(Map.of(
            "labfleet.kubernetes.installation", "campus-a",
            "labfleet.kubernetes.rootless-uid-first", "1000000000",
            "labfleet.kubernetes.rootless-uid-count", "100"));

    @AfterEach
    void removeNamespaces() {
        client.namespaces().delete();
    }

    @Test
    void anotherInstallationsOverlappingBlockIsFoundAndNamed() {
        // campus-b's uids start inside campus-a's subordinate ids: their pods could map the same host ids
        tenantNamespace("labfleet-b-acme", "campus-b", (1_000_000_000 + 65_536 * 50) + "-10");

        assertThat(ClusterUidRanges.overlapping(client, ours)).singleElement().asString()
                .contains("installation 'campus-b'").contains("namespace labfleet-b-acme")
                .contains("uids " + (1_000_000_000 + 65_536 * 50));
    }

    @Test
    void itsOwnNamespacesAndBlocksApartAreNoOverlap() {
        tenantNamespace("labfleet-acme", "campus-a", "1000000000-100");
        long afterOurs = 1_000_000_000L + 65_536L * 101;
        tenantNamespace("labfleet-c-acme", "campus-c", afterOurs + "-10");

        assertThat(ClusterUidRanges.overlapping(client, ours)).isEmpty();
    }

    @Test
    void theNamespacesThisInstallationMakesCarryItsBlock() {
        assertThat(new TenantNamespaceModel(ours).namespace("acme").getMetadata().getLabels())
                .containsEntry(ClusterUidRanges.LABEL, "1000000000-100");
    }

    private static void tenantNamespace(String name, String installation, String block) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name)
                .withLabels(Map.of(SandboxLabels.MANAGED_BY, SandboxLabels.MANAGER,
                        SandboxLabels.INSTALLATION, installation, ClusterUidRanges.LABEL, block))
                .endMetadata().build()).create();
    }
}
