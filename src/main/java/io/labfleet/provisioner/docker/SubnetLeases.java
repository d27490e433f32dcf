package io.labfleet.provisioner.docker;

import io.labfleet.provisioner.docker.SubnetPool.Subnet;
import io.labfleet.provisioner.leases.PoolLeases;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Gives each sandbox network a subnet of the pool of its own, through the database ({@link PoolLeases}: the
 * subnet is the primary key of its lease), so that replicas sharing it never hand one subnet to two sandboxes.
 */
@ApplicationScoped
public class SubnetLeases extends PoolLeases<Subnet> {

    /**
     * The sandbox's subnet: the one it already holds (a provisioning repeated after a crash keeps it), or a free
     * one of the pool that {@code usable} accepts (it refuses subnets other networks of the engine overlap).
     *
     * @throws SubnetPoolExhaustedException when the pool has no free usable subnet left
     */
    public Subnet claim(SubnetPool pool, String sandboxId, Predicate<Subnet> usable) {
        return claim(pool.subnets(), sandboxId, usable,
                (leased, foreign) -> new SubnetPoolExhaustedException(pool, leased, foreign));
    }

    @Override
    protected Optional<Subnet> heldBy(String sandboxId) {
        return SubnetLease.<SubnetLease>find("sandboxId", sandboxId).firstResultOptional()
                .flatMap(lease -> Subnet.parse(lease.subnet));
    }

    @Override
    protected Set<Subnet> leased() {
        return SubnetLease.<SubnetLease>findAll().stream().map(lease -> Subnet.parse(lease.subnet))
                .flatMap(Optional::stream).collect(Collectors.toSet());
    }

    @Override
    protected List<String> holders() {
        return SubnetLease.<SubnetLease>findAll().stream().map(lease -> lease.sandboxId).toList();
    }

    @Override
    protected void insert(Subnet subnet, String sandboxId, Instant leasedAt) {
        SubnetLease lease = new SubnetLease();
        lease.subnet = subnet.toString();
        lease.sandboxId = sandboxId;
        lease.leasedAt = leasedAt;
        lease.persistAndFlush();
    }

    @Override
    protected void delete(String sandboxId) {
        SubnetLease.delete("sandboxId", sandboxId);
    }
}
