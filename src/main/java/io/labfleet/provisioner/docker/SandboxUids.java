package io.labfleet.provisioner.docker;

import com.github.dockerjava.api.model.Container;
import io.labfleet.config.DockerConfig;
import io.labfleet.config.LabfleetConfig;
import io.labfleet.provisioner.ProvisioningException;
import io.labfleet.provisioner.SandboxLabels;
import io.labfleet.provisioner.leases.RootlessUidPool;
import io.labfleet.provisioner.leases.UidLeases;
import io.labfleet.provisioner.leases.UidPoolExhaustedException;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The host uid of each rootless sandbox, from {@code labfleet.docker.rootless-uid-first/-count}: leased in the
 * database ({@link UidLeases}), never one that a container of another installation on the engine runs as (read
 * from their {@link DockerSandboxModel#UID_LABEL} at each claim), and only from a pool the sandbox image was built
 * for (its {@link #IMAGE_LABEL}): the image's /etc/subuid is what gives each uid its own subordinate ids.
 */
@ApplicationScoped
public class SandboxUids {

    /** The label sandbox/build-offline.sh puts on the image: the uids it has accounts for, {@code FIRST:COUNT}. */
    static final String IMAGE_LABEL = "org.labfleet.sandbox.rootless-uids";
    private static final Logger LOG = Logger.getLogger(SandboxUids.class);

    private final DockerEngine engine;
    private final UidLeases leases;
    private final SandboxIsolation isolation;
    private final RootlessUidPool pool;
    private final String installation;

    SandboxUids(DockerEngine engine, UidLeases leases, SandboxIsolation isolation, DockerConfig config) {
        this.engine = engine;
        this.leases = leases;
        this.isolation = isolation;
        this.pool = new RootlessUidPool(config.rootlessUidFirst(), config.rootlessUidCount());
        this.installation = config.installation();
    }

    void logAtStartup(@Observes StartupEvent event, LabfleetConfig labfleet) {
        if (DockerSandboxProvisioner.BACKEND.equals(labfleet.provisioner().backend())
                && isolation.profile().runsAsItsOwnUid()) {
            LOG.infof("Rootless sandboxes run as host %s, one each, with %d subordinate ids each from %d", pool,
                    RootlessUidPool.SUBORDINATE_IDS, pool.subordinateStart(pool.first()));
        }
    }

    /**
     * The uid the sandbox's container is to run as; empty for the root profiles.
     *
     * @throws UidPoolExhaustedException when none is free
     */
    OptionalInt claim(String sandboxId) {
        if (!isolation.profile().runsAsItsOwnUid()) {
            return OptionalInt.empty();
        }
        Set<Integer> foreign = foreignUids();
        return OptionalInt.of(leases.claim(pool, sandboxId, uid -> !foreign.contains(uid)));
    }

    /**
     * Refuses an image that has no accounts and subordinate ids for the configured uids (built for others, or
     * before sandboxes had uids of their own); the root profiles need none.
     *
     * @param labels the image's labels
     * @throws ProvisioningException saying how to build the right one
     */
    void requireImageFor(String image, Map<String, String> labels) {
        if (!isolation.profile().runsAsItsOwnUid()) {
            return;
        }
        Optional<RootlessUidPool> built = RootlessUidPool.parse(labels == null ? null : labels.get(IMAGE_LABEL));
        if (built.isEmpty() || !built.get().covers(pool)) {
            throw new ProvisioningException("The sandbox image " + image + " was built for "
                    + built.map(RootlessUidPool::toString).orElse("no sandbox uids") + ", not for " + pool
                    + " (labfleet.docker.rootless-uid-first/-count). Build it with sandbox/build-offline.sh --uids "
                    + pool.firstAndCount() + ".");
        }
    }

    /** Gives the sandbox's uid back once its container is gone; nothing happens when it holds none. */
    void release(String sandboxId) {
        leases.release(sandboxId);
    }

    /** Every sandbox holding a uid, whether or not anything else of it is left. */
    List<String> sandboxesHolding() {
        return leases.sandboxesHolding();
    }

    /** The uids that containers of other installations on the engine run as. */
    private Set<Integer> foreignUids() {
        return foreignUids(installation, engine.host().listContainersCmd().withShowAll(true)
                .withLabelFilter(List.of(DockerSandboxModel.UID_LABEL)).exec().stream()
                .map(Container::getLabels).toList());
    }

    /** Of the containers' labels, the uids that those not of {@code installation} run as. */
    static Set<Integer> foreignUids(String installation, List<Map<String, String>> containerLabels) {
        return containerLabels.stream().filter(labels -> labels != null
                        && !installation.equals(labels.get(SandboxLabels.INSTALLATION)))
                .map(labels -> parseUid(labels.get(DockerSandboxModel.UID_LABEL))).flatMap(Optional::stream)
                .collect(Collectors.toSet());
    }

    private static Optional<Integer> parseUid(String label) {
        try {
            return Optional.of(Integer.parseInt(label));
        } catch (NumberFormatException notOurs) {
            return Optional.empty();
        }
    }
}
