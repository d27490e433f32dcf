package io.labfleet.provisioner.docker;

import io.labfleet.provisioner.docker.SubnetPool.Subnet;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.exception.ConstraintViolationException;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Gives each sandbox network a subnet of the pool of its own, through the database, so that replicas sharing it
 * never hand one subnet to two sandboxes: a lease is a row whose primary key is the subnet, and a replica that
 * loses the race for a subnet (its insert breaks the key) reads again and takes another.
 */
@ApplicationScoped
public class SubnetLeases {

    private final Clock clock;

    SubnetLeases(Clock clock) {
        this.clock = clock;
    }

    /**
     * The sandbox's subnet: the one it already holds (a provisioning repeated after a crash keeps it), or a free
     * one of the pool that {@code usable} accepts (it refuses subnets other networks of the engine overlap).
     *
     * @throws SubnetPoolExhaustedException when the pool has no free usable subnet left
     */
    public Subnet claim(SubnetPool pool, String sandboxId, Predicate<Subnet> usable) {
        while (true) {
            Optional<Subnet> held = leaseOf(sandboxId);
            if (held.isPresent()) {
                return held.get();
            }
            Set<String> leased = leasedSubnets();
            List<Subnet> subnets = pool.subnets();
            List<Subnet> free = subnets.stream()
                    .filter(subnet -> !leased.contains(subnet.toString()) && usable.test(subnet))
                    .toList();
            if (free.isEmpty()) {
                int ours = (int) subnets.stream().filter(subnet -> leased.contains(subnet.toString())).count();
                int foreign = (int) subnets.stream()
                        .filter(subnet -> !leased.contains(subnet.toString()) && !usable.test(subnet)).count();
                throw new SubnetPoolExhaustedException(pool, ours, foreign);
            }
            // A random free subnet rather than the first: replicas claiming at the same moment seldom collide.
            Subnet candidate = free.get(ThreadLocalRandom.current().nextInt(free.size()));
            if (tryLease(candidate, sandboxId)) {
                return candidate;
            }
        }
    }

    /** Gives the sandbox's subnet back, once its network is gone; nothing happens when it holds none. */
    public void release(String sandboxId) {
        QuarkusTransaction.requiringNew().run(() -> SubnetLease.delete("sandboxId", sandboxId));
    }

    /** The subnet the sandbox holds, if any. */
    public Optional<Subnet> leaseOf(String sandboxId) {
        return QuarkusTransaction.requiringNew().call(() -> SubnetLease.<SubnetLease>find("sandboxId", sandboxId)
                .firstResultOptional().flatMap(lease -> Subnet.parse(lease.subnet)));
    }

    private static Set<String> leasedSubnets() {
        return QuarkusTransaction.requiringNew().call(() -> SubnetLease.<SubnetLease>findAll().stream()
                .map(lease -> lease.subnet).collect(Collectors.toSet()));
    }

    /** Whether the row could be written: false when another claim took the subnet (or this sandbox got one) first. */
    private boolean tryLease(Subnet subnet, String sandboxId) {
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                SubnetLease lease = new SubnetLease();
                lease.subnet = subnet.toString();
                lease.sandboxId = sandboxId;
                lease.leasedAt = clock.instant();
                lease.persistAndFlush();
            });
            return true;
        } catch (RuntimeException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof ConstraintViolationException) {
                    return false;
                }
            }
            throw e;
        }
    }
}
