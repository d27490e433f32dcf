package io.labfleet.provisioner.docker;

import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.Network;
import io.labfleet.config.DockerConfig;
import io.labfleet.config.LabfleetConfig;
import io.labfleet.provisioner.SandboxLabels;
import io.labfleet.provisioner.docker.SubnetPool.Subnet;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The subnet of each sandbox network, from {@code labfleet.docker.subnet-pool}: leased in the database
 * ({@link SubnetLeases}), never one that another network on the engine (not this installation's) overlaps. Those
 * other networks are read at start-up and again whenever the engine refuses a subnet as overlapping.
 */
@ApplicationScoped
public class SandboxSubnets {

    private static final Logger LOG = Logger.getLogger(SandboxSubnets.class);
    /** What dockerd answers (403) when a network's subnet overlaps another's. */
    private static final String OVERLAP = "overlaps";

    private final DockerEngine engine;
    private final SubnetLeases leases;
    private final Optional<SubnetPool> pool;
    private final String installation;
    private volatile List<Subnet> foreign = List.of();

    SandboxSubnets(DockerEngine engine, SubnetLeases leases, DockerConfig config) {
        this.engine = engine;
        this.leases = leases;
        this.pool = SubnetPool.of(config.subnetPool(), config.subnetPrefix());
        this.installation = config.installation();
    }

    void checkAtStartup(@Observes StartupEvent event, LabfleetConfig labfleet) {
        if (!DockerSandboxProvisioner.BACKEND.equals(labfleet.provisioner().backend()) || pool.isEmpty()) {
            return;
        }
        try {
            List<String> overlapping = readForeignNetworks();
            long usable = pool.get().subnets().stream().filter(this::usable).count();
            LOG.infof("Sandbox networks take their subnets from %s: %d of %d usable", pool.get(), usable,
                    pool.get().size());
            if (!overlapping.isEmpty()) {
                LOG.warnf("Networks on the Docker host overlap labfleet.docker.subnet-pool %s; their subnets are"
                        + " skipped: %s", pool.get().range(), String.join(", ", overlapping));
            }
        } catch (RuntimeException e) {
            LOG.errorf("Could not read the Docker host's networks to check labfleet.docker.subnet-pool (%s);"
                    + " the first sandbox tries again.", e.getMessage());
        }
    }

    /**
     * The subnet the sandbox's network is to be created with; empty when Docker's own pools choose.
     *
     * @throws SubnetPoolExhaustedException when none is free
     */
    Optional<Subnet> claim(String sandboxId) {
        return pool.map(subnets -> {
            try {
                return leases.claim(subnets, sandboxId, this::usable);
            } catch (SubnetPoolExhaustedException full) {
                // Other networks may have gone since they were last read.
                readForeignNetworks();
                return leases.claim(subnets, sandboxId, this::usable);
            }
        });
    }

    /**
     * Whether the engine refused the network because its subnet overlaps another network's; if so, that other
     * network is now known and the sandbox's lease given back, so that the next {@link #claim} picks another.
     */
    boolean refusedAsOverlapping(String sandboxId, DockerException refusal) {
        if (pool.isEmpty() || refusal.getMessage() == null || !refusal.getMessage().contains(OVERLAP)) {
            return false;
        }
        readForeignNetworks();
        leases.release(sandboxId);
        return true;
    }

    /** Whether subnets come from {@code labfleet.docker.subnet-pool} and their leases (rather than Docker's pools). */
    boolean leased() {
        return pool.isPresent();
    }

    /** Gives the sandbox's subnet back once its network is gone. */
    void release(String sandboxId) {
        leases.release(sandboxId);
    }

    /** Every sandbox holding a subnet, whether or not its network is left. */
    List<String> sandboxesHolding() {
        return leases.sandboxesHolding();
    }

    private boolean usable(Subnet subnet) {
        return foreign.stream().noneMatch(subnet::overlaps);
    }

    /** Reads which networks of the engine that are not this installation's overlap the pool; returns them. */
    private List<String> readForeignNetworks() {
        Subnet range = pool.orElseThrow().range();
        List<Network> networks = engine.host().listNetworksCmd().exec().stream()
                .filter(network -> !installation.equals(labels(network).get(SandboxLabels.INSTALLATION)))
                .toList();
        foreign = networks.stream().flatMap(network -> subnets(network).stream())
                .filter(range::overlaps).toList();
        return networks.stream()
                .filter(network -> subnets(network).stream().anyMatch(range::overlaps))
                .map(network -> network.getName() + " " + subnets(network)).toList();
    }

    private static Map<String, String> labels(Network network) {
        return network.getLabels() == null ? Map.of() : network.getLabels();
    }

    /** The subnets of the network's address configuration. */
    static List<Subnet> subnets(Network network) {
        if (network.getIpam() == null || network.getIpam().getConfig() == null) {
            return List.of();
        }
        return network.getIpam().getConfig().stream().map(Network.Ipam.Config::getSubnet).filter(Objects::nonNull)
                .map(Subnet::parse).flatMap(Optional::stream).toList();
    }
}
