package io.labfleet.provisioner.leases;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Gives each rootless sandbox a host uid of the pool of its own, through the database ({@link PoolLeases}: the uid
 * is the primary key of its lease), so that replicas sharing it never run two sandboxes as one uid.
 */
@ApplicationScoped
public class UidLeases extends PoolLeases<Integer> {

    /**
     * The sandbox's uid: the one it already holds, or a free one of the pool that {@code usable} accepts (it refuses
     * uids that containers of other installations on the engine run as).
     *
     * @throws UidPoolExhaustedException when the pool has no free usable uid left
     */
    public int claim(RootlessUidPool pool, String sandboxId, Predicate<Integer> usable) {
        return claim(pool.uids(), sandboxId, usable,
                (leased, foreign) -> new UidPoolExhaustedException(pool, leased, foreign));
    }

    @Override
    protected Optional<Integer> heldBy(String sandboxId) {
        return UidLease.<UidLease>find("sandboxId", sandboxId).firstResultOptional().map(lease -> lease.uid);
    }

    @Override
    protected Set<Integer> leased() {
        return new HashSet<>(UidLease.<UidLease>findAll().stream().map(lease -> lease.uid).toList());
    }

    @Override
    protected List<String> holders() {
        return UidLease.<UidLease>findAll().stream().map(lease -> lease.sandboxId).toList();
    }

    @Override
    protected void insert(Integer uid, String sandboxId, Instant leasedAt) {
        UidLease lease = new UidLease();
        lease.uid = uid;
        lease.sandboxId = sandboxId;
        lease.leasedAt = leasedAt;
        lease.persistAndFlush();
    }

    @Override
    protected void delete(String sandboxId) {
        UidLease.delete("sandboxId", sandboxId);
    }
}
