package io.labfleet.provisioner.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Network;
import io.labfleet.commons.ServiceThreads;
import io.labfleet.config.DockerConfig;
import io.labfleet.config.IdGenerator;
import io.labfleet.config.LabfleetConfig;
import io.labfleet.provisioner.SandboxLabels;
import io.labfleet.provisioner.docker.DockerSandboxModel.NetworkSpec;
import io.labfleet.provisioner.docker.SubnetPool.Subnet;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Makes sandbox networks: a sandbox's own when it needs one at once, and {@code labfleet.docker.spare-networks}
 * spares ahead of time, so that a new sandbox takes a made one instead of waiting for the engine.
 *
 * <p>A spare is a network like a sandbox's own (the bridge prefix the network fence matches, internal when outbound
 * access is off) on a leased subnet, labelled with the installation and with the holder its subnet is leased under
 * ({@code spare-…}); it carries no sandbox label, since a network's labels cannot change. Taking one hands its
 * subnet's lease over to the sandbox in one row update ({@link SubnetLeases#transfer}), so two creates or two
 * replicas never take the same; from then on the lease says whose it is: the sandbox's teardown removes the network
 * on its subnet, and the backend lists the sandbox (as a lease holder) for the reconciler. What a crash leaves is
 * sorted out by {@link #maintain} on every replica: a spare still holding its lease is kept (and counted), a spare
 * network whose lease is gone is removed, a spare's lease whose network was never made is given back.
 */
@ApplicationScoped
public class SandboxNetworks {

    private static final Logger LOG = Logger.getLogger(SandboxNetworks.class);
    /** Subnets tried for one network when the engine refuses them as overlapping networks it holds. */
    private static final int OVERLAP_ATTEMPTS = 5;
    /**
     * A spare's lease with no network after this long is a maker's that died between the two: far longer than the
     * engine takes to make a network, so one still in the making is never given back.
     */
    static final Duration UNMADE_GRACE = Duration.ofMinutes(2);
    /** A spare is a network of this installation with this label, whatever its value. */
    private static final String SPARE_FILTER = DockerSandboxModel.SPARE_NETWORK_LABEL;

    private final DockerEngine engine;
    private final SandboxSubnets subnets;
    private final SubnetLeases leases;
    private final SandboxTemplate template;
    private final IdGenerator ids;
    private final Clock clock;
    private final int spares;
    private final boolean active;
    /** Makes spares one at a time, beside the provisioning threads. */
    private final ExecutorService maker;
    private final AtomicBoolean refillQueued = new AtomicBoolean();

    @Inject
    SandboxNetworks(DockerEngine engine, SandboxSubnets subnets, SubnetLeases leases, DockerConfig config,
                    LabfleetConfig labfleet, IdGenerator ids, Clock clock, ServiceThreads threads) {
        this(engine, subnets, leases, SandboxTemplate.from(config), config.spareNetworks(),
                DockerSandboxProvisioner.BACKEND.equals(labfleet.provisioner().backend()), ids, clock, threads);
    }

    /** With another number of spares (tests): {@code active} is whether the Docker backend is the one in use. */
    SandboxNetworks(DockerEngine engine, SandboxSubnets subnets, SubnetLeases leases, SandboxTemplate template,
                    int spares, boolean active, IdGenerator ids, Clock clock, ServiceThreads threads) {
        if (spares < 0) {
            throw new IllegalArgumentException("labfleet.docker.spare-networks=" + spares + " must be 0 or more.");
        }
        this.engine = engine;
        this.subnets = subnets;
        this.leases = leases;
        this.template = template;
        this.ids = ids;
        this.clock = clock;
        this.spares = subnets.leased() ? spares : 0;
        this.active = active;
        this.maker = threads.pool("spare-networks", 1);
        if (active && spares > 0 && !subnets.leased()) {
            LOG.warn("labfleet.docker.spare-networks needs labfleet.docker.subnet-pool (a spare's subnet lease says"
                    + " which sandbox took it): no spare networks are kept");
        }
    }

    /**
     * At start-up, sorts out what an earlier run left and makes the spares (in the background); with spares turned
     * off, removes those an earlier run kept.
     */
    void onStartup(@Observes StartupEvent event) {
        if (active) {
            maintainSoon();
        }
    }

    /** The other replicas' takes, and crashes, are seen here. */
    @Scheduled(every = "30s", delayed = "30s", identity = "spare-networks",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void onSchedule() {
        if (active && spares > 0) {
            refillSoon();
        }
    }

    /**
     * Spares are removed when the service stops: they cost the engine a bridge each, and the next start (or the
     * other replicas) makes them again with the settings in force then.
     */
    void onShutdown(@Observes ShutdownEvent event) {
        if (active) {
            removeSpares();
        }
    }

    /**
     * The network of the sandbox that a spare made for it: one it took in an earlier attempt (its subnet's lease
     * says so), or a spare it takes now. Empty when there is none: the sandbox then {@linkplain #ensure makes its
     * own}.
     */
    public Optional<NetworkSpec> take(String sandboxId) {
        if (!subnets.leased()) {
            return Optional.empty();
        }
        DockerClient docker = engine.host();
        Optional<Subnet> held = leases.leaseOf(sandboxId);
        if (held.isPresent()) {
            // Provisioning again after a crash: the network its lease is for, if it was a spare.
            return spareNetworks(docker).stream()
                    .filter(network -> SandboxSubnets.subnets(network).contains(held.get()))
                    .findFirst().map(this::specOf);
        }
        if (spares == 0) {
            return Optional.empty();
        }
        // Taken spares keep their label (a network's labels cannot change): only those whose holder still holds a
        // lease are tried, or every take would try (and fail) a transfer per sandbox on a spare.
        Set<String> untaken = spareHolders().keySet();
        List<Network> candidates = new ArrayList<>(spareNetworks(docker).stream()
                .filter(network -> untaken.contains(holderOf(network)) && forThisOutboundSetting(network))
                .toList());
        // In another order than other replicas', so that takers at the same moment seldom try the same first.
        Collections.shuffle(candidates);
        for (Network candidate : candidates) {
            if (leases.transfer(holderOf(candidate), sandboxId)) {
                LOG.debugf("Sandbox %s took the spare network %s", sandboxId, candidate.getName());
                return Optional.of(specOf(candidate));
            }
        }
        LOG.debugf("No spare network left for sandbox %s; it makes its own", sandboxId);
        return Optional.empty();
    }

    /** Makes spares up to the number asked, in the background, unless that is already queued or spares are off. */
    public void refillSoon() {
        if (spares > 0) {
            maintainSoon();
        }
    }

    private void maintainSoon() {
        if (refillQueued.compareAndSet(false, true)) {
            maker.execute(() -> {
                refillQueued.set(false);
                try {
                    maintain();
                } catch (RuntimeException e) {
                    LOG.warnf("Could not make spare sandbox networks (%s); the next pass tries again",
                            e.getMessage());
                }
            });
        }
    }

    /**
     * Brings this installation's spares to the number asked: removes spare networks whose lease is gone (what a
     * crash between giving a lease back and removing its network leaves) and spares made for the other outbound
     * setting, gives back spares' leases whose network was never made, then removes spares beyond the number or
     * makes the missing ones.
     *
     * @return how many spares there are now
     */
    synchronized int maintain() {
        DockerClient docker = engine.host();
        // The networks first, the leases after: a spare's lease is made before its network, so every network listed
        // has its lease in what is read next, even one another replica has just made.
        List<Network> listed = spareNetworks(docker);
        Map<String, Instant> spareLeases = spareHolders();
        Set<Subnet> held = leases.held();
        List<Network> kept = new ArrayList<>();
        Set<String> withNetwork = new HashSet<>();
        for (Network network : listed) {
            String holder = holderOf(network);
            withNetwork.add(holder);
            if (!spareLeases.containsKey(holder)) {
                removeIfLeaseless(docker, network, held);
            } else if (!forThisOutboundSetting(network)) {
                retire(docker, network);
            } else {
                kept.add(network);
            }
        }
        Instant unmadeBefore = clock.instant().minus(UNMADE_GRACE);
        spareLeases.forEach((holder, since) -> {
            if (!withNetwork.contains(holder) && since.isBefore(unmadeBefore)) {
                LOG.infof("Giving back the subnet of spare network %s, which was never made", holder);
                subnets.release(holder);
            }
        });
        while (kept.size() > spares) {
            retire(docker, kept.remove(kept.size() - 1));
        }
        int count = kept.size();
        for (; count < spares; count++) {
            // Should the engine fail it, the lease stays with the holder until a pass after the grace gives it back.
            String holder = ids.next(DockerSandboxModel.SPARE_HOLDER_ID_PREFIX);
            ensure(docker, DockerSandboxModel.spareNetwork(template, holder), holder);
        }
        return count;
    }

    /**
     * Creates the network unless an earlier attempt did, on a subnet of the pool leased to {@code holder} (a sandbox,
     * or a spare); a subnet the engine refuses as overlapping a network it did not know of is exchanged for another.
     */
    void ensure(DockerClient docker, NetworkSpec network, String holder) {
        try {
            docker.inspectNetworkCmd().withNetworkId(network.name()).exec();
            return;
        } catch (NotFoundException absent) {
            LOG.tracef("Network %s is to be created", network.name());
        }
        for (int attempt = 1; ; attempt++) {
            Optional<Subnet> subnet = subnets.claim(holder);
            var create = docker.createNetworkCmd()
                    .withName(network.name())
                    .withDriver("bridge")
                    .withOptions(Map.of(DockerSandboxModel.BRIDGE_NAME_OPTION, network.bridge()))
                    .withInternal(network.internal())
                    .withCheckDuplicate(true)
                    .withLabels(network.labels());
            subnet.ifPresent(cidr -> create.withIpam(new Network.Ipam().withConfig(new Network.Ipam.Config()
                    .withSubnet(cidr.toString()).withGateway(cidr.gateway()))));
            try {
                create.exec();
                return;
            } catch (DockerException refused) {
                if (attempt >= OVERLAP_ATTEMPTS || !subnets.refusedAsOverlapping(holder, refused)) {
                    throw refused;
                }
                LOG.debugf("Subnet %s overlaps a network on the engine; taking another", subnet.orElseThrow());
            }
        }
    }

    /**
     * Removes the spare network the sandbox took, if it took one (the one on the subnet it holds); its own network,
     * labelled as the sandbox, is removed with its other objects. Call it before giving the subnet back.
     */
    void removeTaken(DockerClient docker, String sandboxId) {
        if (!subnets.leased()) {
            return;
        }
        leases.leaseOf(sandboxId).ifPresent(subnet -> spareNetworks(docker).stream()
                .filter(network -> SandboxSubnets.subnets(network).contains(subnet))
                .forEach(network -> remove(docker, network)));
    }

    /** Removes every spare no sandbox took (when the service stops): each lease first, so that none is taken meanwhile. */
    void removeSpares() {
        DockerClient docker = engine.host();
        try {
            spareNetworks(docker).forEach(network -> retire(docker, network));
        } catch (RuntimeException e) {
            LOG.warnf("Could not remove the spare sandbox networks (%s); the next start removes or reuses them",
                    e.getMessage());
        }
    }

    /** Takes the spare's lease back from under it (unless a sandbox took it first), then removes it. */
    private void retire(DockerClient docker, Network network) {
        String holder = holderOf(network);
        String retiring = holder + "-retiring";
        if (leases.transfer(holder, retiring)) {
            remove(docker, network);
            subnets.release(retiring);
        }
    }

    /**
     * A spare network with no lease of its own: removed unless a sandbox holds its subnet (it took it); {@code held}
     * is every subnet held.
     */
    private static void removeIfLeaseless(DockerClient docker, Network network, Set<Subnet> held) {
        boolean taken = SandboxSubnets.subnets(network).stream().anyMatch(held::contains);
        if (!taken) {
            LOG.infof("Removing the spare network %s, whose subnet lease is gone", network.getName());
            remove(docker, network);
        }
    }

    private static void remove(DockerClient docker, Network network) {
        try {
            docker.removeNetworkCmd(network.getId()).exec();
        } catch (NotFoundException alreadyGone) {
            LOG.debugf("Spare network %s already removed", network.getName());
        }
    }

    private List<Network> spareNetworks(DockerClient docker) {
        return docker.listNetworksCmd()
                .withFilter("label", List.of(SandboxLabels.INSTALLATION + "=" + template.installation(), SPARE_FILTER))
                .exec();
    }

    /**
     * Who holds a subnet as a spare, with since when: untaken spares' holders, and those a pass is retiring. A taken
     * spare's subnet is its sandbox's.
     */
    private Map<String, Instant> spareHolders() {
        return leases.heldSince(DockerSandboxModel.SPARE_HOLDER_ID_PREFIX + "-");
    }

    /** Whether the spare was made for the outbound setting in force (internal when outbound access is off). */
    private boolean forThisOutboundSetting(Network network) {
        return Boolean.TRUE.equals(network.getInternal()) == !template.outboundNetwork();
    }

    private NetworkSpec specOf(Network network) {
        return DockerSandboxModel.spareNetwork(template, holderOf(network));
    }

    private static String holderOf(Network network) {
        return network.getLabels().get(DockerSandboxModel.SPARE_NETWORK_LABEL);
    }
}
