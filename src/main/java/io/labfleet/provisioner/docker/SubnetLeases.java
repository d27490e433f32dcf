package io.labfleet.provisioner.docker;

import io.labfleet.provisioner.docker.SubnetPool.Subnet;
import io.labfleet.provisioner.leases.PoolLeases;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.Map;
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

    /**
     * Hands the subnet {@code from} holds over to {@code to}, in one update of its row: of two takers of the same
     * lease only one finds it still held by {@code from}.
     *
     * @return false when {@code from} holds no subnet (any more)
     */
    public boolean transfer(String from, String to) {
        return QuarkusTransaction.requiringNew().call(() ->
                SubnetLease.update("sandboxId = ?1 where sandboxId = ?2", to, from)) == 1;
    }

    /** When each holder whose name starts with {@code prefix} took its subnet. */
    public Map<String, Instant> heldSince(String prefix) {
        return QuarkusTransaction.requiringNew().call(() ->
                SubnetLease.<SubnetLease>find("sandboxId like ?1", prefix + "%").stream()
                        .collect(Collectors.toMap(lease -> lease.sandboxId, lease -> lease.leasedAt)));
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
