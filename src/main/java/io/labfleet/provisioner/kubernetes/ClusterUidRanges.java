package io.labfleet.provisioner.kubernetes;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.labfleet.config.KubernetesConfig;
import io.labfleet.config.LabfleetConfig;
import io.labfleet.provisioner.SandboxLabels;
import io.labfleet.provisioner.leases.RootlessUidPool;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The host uids of rootless pods are leased in each installation's own database, so two Labfleet installations on one
 * cluster cannot see each other's leases: with overlapping {@code labfleet.kubernetes.rootless-uid-first/-count},
 * pods of both could run as the same host uid. Each installation therefore labels the tenant namespaces it makes with
 * its block ({@link #LABEL}), and at start-up refuses to run when another installation's namespaces carry a block
 * that overlaps its own, naming that installation. What it cannot see: an installation that has made no tenant
 * namespace yet (the one starting later finds it), or one whose namespaces it may not list.
 */
@ApplicationScoped
class ClusterUidRanges {

    /** On each tenant namespace: the block of host uids its installation's pods lease from, as {@code FIRST-COUNT}. */
    static final String LABEL = "labfleet.io/rootless-uids";
    private static final Logger LOG = Logger.getLogger(ClusterUidRanges.class);

    /** The label's value for the configured block (a label value may not hold the image's {@code FIRST:COUNT}). */
    static String labelValue(KubernetesConfig config) {
        return config.rootlessUidFirst() + "-" + config.rootlessUidCount();
    }

    void checkAtStartup(@Observes StartupEvent event, LabfleetConfig labfleet, KubernetesConfig config,
                        Instance<KubernetesClient> client) {
        if (!KubernetesSandboxProvisioner.BACKEND.equals(labfleet.provisioner().backend())) {
            return;
        }
        List<String> overlapping;
        try {
            overlapping = overlapping(client.get(), config);
        } catch (RuntimeException e) {
            LOG.errorf("Could not read the cluster's tenant namespaces to check that no other Labfleet installation"
                    + " uses labfleet.kubernetes.rootless-uid-first/-count's uids (%s)", e.getMessage());
            return;
        }
        if (!overlapping.isEmpty()) {
            throw new IllegalStateException("labfleet.kubernetes.rootless-uid-first/-count ("
                    + pool(config) + ", subordinate ids up to " + (pool(config).end() - 1) + ") overlap the uids of"
                    + " other Labfleet installations on this cluster: " + String.join("; ", overlapping) + ". Their"
                    + " pods could run as the same host uids. Give each installation a block of its own (and build"
                    + " the sandbox image for it: sandbox/build-offline.sh --uids FIRST:COUNT).");
        }
    }

    /**
     * The tenant namespaces of other installations whose block overlaps this installation's, each as
     * {@code installation 'name' (namespace ns, uids a-b)}.
     */
    static List<String> overlapping(KubernetesClient client, KubernetesConfig config) {
        RootlessUidPool ours = pool(config);
        String installation = KubernetesNames.labelValue(config.installation());
        return client.namespaces().withLabel(SandboxLabels.MANAGED_BY, SandboxLabels.MANAGER).withLabel(LABEL)
                .list().getItems().stream()
                .filter(namespace -> !installation.equals(labels(namespace).get(SandboxLabels.INSTALLATION)))
                .flatMap(namespace -> blockOf(namespace).filter(ours::overlaps).stream()
                        .map(theirs -> "installation '" + labels(namespace).get(SandboxLabels.INSTALLATION)
                                + "' (namespace " + namespace.getMetadata().getName() + ", " + theirs + ")"))
                .toList();
    }

    private static Optional<RootlessUidPool> blockOf(Namespace namespace) {
        String value = labels(namespace).get(LABEL);
        return RootlessUidPool.parse(value == null ? null : value.replace('-', ':'));
    }

    private static Map<String, String> labels(Namespace namespace) {
        Map<String, String> labels = namespace.getMetadata().getLabels();
        return labels == null ? Map.of() : labels;
    }

    private static RootlessUidPool pool(KubernetesConfig config) {
        return new RootlessUidPool(config.rootlessUidFirst(), config.rootlessUidCount());
    }
}
