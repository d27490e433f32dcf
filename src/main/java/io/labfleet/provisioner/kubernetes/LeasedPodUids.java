package io.labfleet.provisioner.kubernetes;

import io.labfleet.config.KubernetesConfig;
import io.labfleet.provisioner.ProvisioningException;
import io.labfleet.provisioner.leases.RootlessUidPool;
import io.labfleet.provisioner.leases.UidLeases;
import io.labfleet.provisioner.leases.UidPoolExhaustedException;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * {@link PodUids} from {@code labfleet.kubernetes.rootless-uid-first/-count}, leased in the database with the Docker
 * backend's leases ({@link UidLeases}: the uid is the primary key, so replicas never hand one uid to two sandboxes).
 * The pool's arithmetic is the image's ({@link RootlessUidPool}): uid {@code first + i} has an account and 65536
 * subordinate ids of its own in an image built with {@code sandbox/build-offline.sh --uids FIRST:COUNT}. The image
 * itself cannot be inspected from here (it is on the nodes): a pod of a uid it has no account for fails to start,
 * with the entrypoint's reason.
 */
@ApplicationScoped
class LeasedPodUids implements PodUids {

    private final UidLeases leases;
    private final RootlessUidPool pool;

    LeasedPodUids(UidLeases leases, KubernetesConfig config) {
        this.leases = leases;
        try {
            this.pool = new RootlessUidPool(config.rootlessUidFirst(), config.rootlessUidCount());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("labfleet.kubernetes.rootless-uid-first/-count: " + e.getMessage(), e);
        }
    }

    @Override
    public int claim(String sandboxId) {
        try {
            return leases.claim(pool, sandboxId, uid -> true);
        } catch (UidPoolExhaustedException e) {
            throw new ProvisioningException("No free uid is left for the sandbox: labfleet.kubernetes.rootless-uid-count"
                    + " gives " + pool.count() + " (" + pool + "), all held by sandboxes. Wait for sandboxes to end, or"
                    + " give the pool more uids (and build the sandbox image for them).", e);
        }
    }

    @Override
    public void release(String sandboxId) {
        leases.release(sandboxId);
    }

    @Override
    public List<String> sandboxesHolding() {
        return leases.sandboxesHolding();
    }
}
