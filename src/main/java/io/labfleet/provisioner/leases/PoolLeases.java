package io.labfleet.provisioner.leases;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.inject.Inject;
import org.hibernate.exception.ConstraintViolationException;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * Gives each sandbox one member of a pool of its own (a subnet, a uid), through the database, so that replicas
 * sharing it never hand one member to two sandboxes: a lease is a row whose primary key is the member, and a
 * replica that loses the race for a member (its insert breaks the key) reads again and takes another. The row
 * names its sandbox (unique), so a provisioning repeated after a crash keeps what it had, and a teardown gives it
 * back.
 *
 * @param <M> the pool's members
 */
public abstract class PoolLeases<M> {

    /** What to say when no member is left: how many sandboxes hold one, and how many others use. */
    @FunctionalInterface
    protected interface Exhausted {
        RuntimeException exception(int leased, int foreign);
    }

    @Inject
    Clock clock;

    /** The member the sandbox's row holds; runs in a transaction. */
    protected abstract Optional<M> heldBy(String sandboxId);

    /** Every member some sandbox holds; runs in a transaction. */
    protected abstract Set<M> leased();

    /** Every sandbox that holds a member; runs in a transaction. */
    protected abstract List<String> holders();

    /** Writes the lease's row (and flushes it, so that a broken key shows here); runs in a transaction. */
    protected abstract void insert(M member, String sandboxId, Instant leasedAt);

    /** Removes the sandbox's row, if any; runs in a transaction. */
    protected abstract void delete(String sandboxId);

    /**
     * The sandbox's member: the one it already holds (a provisioning repeated after a crash keeps it), or a free
     * one of {@code pool} that {@code usable} accepts (it refuses members others use outside this database).
     *
     * @throws RuntimeException from {@code exhausted} when the pool has no free usable member left
     */
    protected M claim(List<M> pool, String sandboxId, Predicate<M> usable, Exhausted exhausted) {
        while (true) {
            Optional<M> held = leaseOf(sandboxId);
            if (held.isPresent()) {
                return held.get();
            }
            Set<M> leased = held();
            List<M> free = pool.stream().filter(member -> !leased.contains(member) && usable.test(member)).toList();
            if (free.isEmpty()) {
                int ours = (int) pool.stream().filter(leased::contains).count();
                int foreign = (int) pool.stream().filter(member -> !leased.contains(member) && !usable.test(member))
                        .count();
                throw exhausted.exception(ours, foreign);
            }
            // A random free member rather than the first: replicas claiming at the same moment seldom collide.
            M candidate = free.get(ThreadLocalRandom.current().nextInt(free.size()));
            if (tryLease(candidate, sandboxId)) {
                return candidate;
            }
        }
    }

    /** Gives the sandbox's member back, once nothing of the sandbox uses it; nothing happens when it holds none. */
    public void release(String sandboxId) {
        QuarkusTransaction.requiringNew().run(() -> delete(sandboxId));
    }

    /** The member the sandbox holds, if any. */
    public Optional<M> leaseOf(String sandboxId) {
        return QuarkusTransaction.requiringNew().call(() -> heldBy(sandboxId));
    }

    /** Every member someone holds: one query. */
    public Set<M> held() {
        return QuarkusTransaction.requiringNew().call(this::leased);
    }

    /** Every sandbox holding a member: after a crash, a lease may outlive everything else its sandbox had. */
    public List<String> sandboxesHolding() {
        return QuarkusTransaction.requiringNew().call(this::holders);
    }

    /** Whether the row could be written: false when another claim took the member (or this sandbox got one) first. */
    private boolean tryLease(M member, String sandboxId) {
        try {
            QuarkusTransaction.requiringNew().run(() -> insert(member, sandboxId, clock.instant()));
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
