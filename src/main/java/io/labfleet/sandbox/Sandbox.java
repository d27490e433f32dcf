package io.labfleet.sandbox;

import io.labfleet.commons.RowLocks;
import io.labfleet.commons.Strings;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One learner's Docker engine for one lab. The database row is the truth; the runtime follows it.
 *
 * <p>A sandbox of a lab's warm pool ({@link #isPooled()}) is started before anyone asks for it and belongs to
 * nobody: no tenant, no learner (the database refuses one without the other). A create claims it with
 * {@link #lockClaimable} and {@link #handOver}, in one transaction: from then on it is the learner's like any other.
 */
@Entity
@Table(name = "sandbox")
public class Sandbox extends PanacheEntityBase {

    public static final int MAX_REASON_LENGTH = 1000;

    @Id
    public String id;

    /** Null while the sandbox waits in its lab's warm pool. */
    @Column(name = "tenant_id")
    public String tenantId;

    /** Null while the sandbox waits in its lab's warm pool. */
    @Column(name = "learner_id")
    public String learnerId;

    @Column(name = "learner_name")
    public String learnerName;

    @Column(name = "lab_id", nullable = false)
    public String labId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public SandboxState state;

    /** Why the sandbox is in its state, in words a person can act on (always set for FAILED). */
    public String reason;

    @Column(nullable = false)
    public String backend;

    /** Where the service reaches the sandbox's Docker daemon (set once provisioned). */
    @Column(name = "daemon_host")
    public String daemonHost;

    @Column(name = "daemon_port")
    public Integer daemonPort;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "ready_at")
    public Instant readyAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "terminated_at")
    public Instant terminatedAt;

    @Column(name = "last_activity_at")
    public Instant lastActivityAt;

    /**
     * Since when its runtime is stopped because nobody used it ({@code labfleet.lifecycle.suspend-after}); null while
     * it runs. A suspended sandbox is still usable: the learner's next command, check or terminal wakes it.
     */
    @Column(name = "suspended_at")
    public Instant suspendedAt;

    /**
     * Whether the lab's images are still going into its daemon: a learner's sandbox of a lab without setup commands is
     * READY once its daemon answers and gets its images just after ({@code SandboxJobs}); every way in waits for them
     * ({@link SandboxImagesWait}). False for every other sandbox (whose images went in before READY).
     */
    @Column(name = "images_pending", nullable = false)
    public boolean imagesPending;

    /** The replica ({@link Replica#id()}) doing this sandbox's provisioning or teardown, if one is. */
    @Column(name = "claimed_by")
    public String claimedBy;

    /** Until when {@link #claimedBy}'s claim holds unless that replica renews it. */
    @Column(name = "claimed_until")
    public Instant claimedUntil;

    @Version
    public long version;

    /**
     * Moves to {@code next}, recording when and why.
     *
     * @throws IllegalStateTransitionException when the state machine does not allow it
     */
    public void moveTo(SandboxState next, String why, Instant now) {
        if (!state.canMoveTo(next)) {
            throw new IllegalStateTransitionException(
                    "Sandbox " + id + " is " + state + " and cannot become " + next + ".");
        }
        state = next;
        reason = truncate(why);
        updatedAt = now;
        if (next == SandboxState.READY && readyAt == null) {
            readyAt = now;
        }
        if (next.isFinal()) {
            terminatedAt = now;
        }
        if (!SandboxState.USABLE.contains(next)) {
            imagesPending = false; // nobody will wait for them any more
        }
    }

    /** Pooled sandboxes that are, or will be once started, there to be claimed. */
    public static final Set<SandboxState> POOL_STOCK =
            EnumSet.of(SandboxState.REQUESTED, SandboxState.PROVISIONING, SandboxState.READY);

    /** Whether it waits in its lab's warm pool, owned by nobody. */
    public boolean isPooled() {
        return learnerId == null;
    }

    /** What logs name as its tenant ({@code tenant=} of every line): {@code (pool)} while nobody owns it. */
    public String logTenant() {
        return isPooled() ? "(pool)" : tenantId;
    }

    /** A new sandbox for the lab's warm pool, owned by nobody; unless claimed, it expires {@code maxAge} from now. */
    public static Sandbox pooled(String id, String labId, String backend, Instant now, Duration maxAge) {
        Sandbox sandbox = new Sandbox();
        sandbox.id = id;
        sandbox.labId = labId;
        sandbox.state = SandboxState.REQUESTED;
        sandbox.reason = "Waiting for a provisioner (warm pool of " + labId + ").";
        sandbox.backend = backend;
        sandbox.createdAt = now;
        sandbox.updatedAt = now;
        sandbox.expiresAt = now.plus(maxAge);
        return sandbox;
    }

    /**
     * Locks the oldest READY pooled sandbox of the lab that stays READY until at least {@code readyUntil}, skipping
     * rows another transaction holds (another create, another replica, the reaper): two claimers never lock the
     * same row, and neither waits for the other. Call in the transaction that hands it over.
     */
    public static Optional<Sandbox> lockClaimable(String backend, String labId, Instant readyUntil) {
        return RowLocks.skippingLocked(Sandbox.<Sandbox>find("learnerId is null and labId = ?1 and backend = ?2"
                        + " and state = ?3 and expiresAt > ?4 order by createdAt, id", labId, backend,
                        SandboxState.READY, readyUntil))
                .firstResultOptional();
    }

    /**
     * Makes a pooled sandbox the learner's, as if it had been created and become ready now: its lifetime, the
     * tenant's lifetime cap, the idle timeout and the checks that tell the learner's containers from the lab's
     * starting state all count from now.
     */
    public void handOver(String tenantId, String learnerId, String learnerName, Instant now, Instant expiresAt) {
        if (!isPooled()) {
            throw new IllegalStateTransitionException("Sandbox " + id + " belongs to someone already.");
        }
        this.tenantId = tenantId;
        this.learnerId = learnerId;
        this.learnerName = learnerName;
        this.createdAt = now;
        this.readyAt = now;
        this.updatedAt = now;
        this.lastActivityAt = now;
        this.expiresAt = expiresAt;
    }

    /** Pooled sandboxes of the backend holding resources, whatever their lab: what the global cap bounds. */
    public static long countPooled(String backend) {
        return count("learnerId is null and backend = ?1 and state in ?2", backend, SandboxState.ACTIVE);
    }

    /** Pooled sandboxes of the backend being started, whatever their lab. */
    public static long countPooledStarting(String backend) {
        return count("learnerId is null and backend = ?1 and state in ?2", backend,
                EnumSet.of(SandboxState.REQUESTED, SandboxState.PROVISIONING));
    }

    /** How many pooled sandboxes of the backend are in one of {@code states}, by lab (labs with none left out). */
    public static Map<String, Long> countPooledByLab(String backend, Set<SandboxState> states) {
        return countPooledByLab(backend, states, null);
    }

    /** Like {@link #countPooledByLab(String, Set)}, counting only those changed at or after {@code since}. */
    public static Map<String, Long> countPooledByLab(String backend, Set<SandboxState> states, Instant since) {
        var query = getEntityManager().createQuery("select s.labId, count(s) from Sandbox s where s.learnerId is null"
                        + " and s.backend = :backend and s.state in :states"
                        + (since == null ? "" : " and s.updatedAt >= :since") + " group by s.labId", Object[].class)
                .setParameter("backend", backend).setParameter("states", states);
        if (since != null) {
            query.setParameter("since", since);
        }
        return query.getResultList().stream().collect(Collectors.toMap(row -> (String) row[0], row -> (Long) row[1]));
    }

    /**
     * Locks up to {@code count} of the lab's {@link #POOL_STOCK pool stock}, those still starting first, then the
     * oldest, skipping rows another transaction holds (a create claiming one): what a shrinking pool gives up.
     */
    public static List<Sandbox> lockPoolSurplus(String backend, String labId, int count) {
        return RowLocks.skippingLocked(Sandbox.<Sandbox>find("learnerId is null and labId = ?1 and backend = ?2"
                        + " and state in ?3 order by case when state = ?4 then 1 else 0 end, createdAt, id", labId,
                        backend, POOL_STOCK, SandboxState.READY))
                .range(0, count - 1)
                .list();
    }

    /**
     * The sandbox's row, locked for the caller's transaction (waiting for whoever holds it): what is decided on it
     * holds until that transaction ends. Null when there is none.
     */
    public static Sandbox lock(String id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /** The sandboxes of these ids that exist: one query for all of them. */
    public static List<Sandbox> listByIds(Collection<String> ids) {
        return ids.isEmpty() ? List.of() : list("id in ?1", ids);
    }

    /** Records activity on these sandboxes at {@code at}, where none later is recorded; how many rows changed. */
    public static int recordActivity(Collection<String> ids, Instant at) {
        return update("lastActivityAt = ?1 where id in ?2 and (lastActivityAt is null or lastActivityAt < ?1)", at, ids);
    }

    /** Whether a sandbox is suspended, as the reconciler compares it with its runtime. */
    public enum Suspension {
        AWAKE,
        SUSPENDED,
        /**
         * READY, marked suspended, and nothing written or told since the mark: its stop was never settled. An
         * expiring one is not: its warning is what its learner must read.
         */
        SUSPENDED_UNTOLD;

        static Suspension of(SandboxState state, Instant suspendedAt, Instant updatedAt) {
            if (suspendedAt == null) {
                return AWAKE;
            }
            return state == SandboxState.READY && updatedAt.isBefore(suspendedAt) ? SUSPENDED_UNTOLD : SUSPENDED;
        }
    }

    /**
     * Whether this sandbox's suspension was never told ({@link Suspension#SUSPENDED_UNTOLD}): the mark writes only
     * {@code suspendedAt}, and telling it writes the reason and {@code updatedAt}.
     */
    public boolean suspensionUntold() {
        return Suspension.of(state, suspendedAt, updatedAt) == Suspension.SUSPENDED_UNTOLD;
    }

    /**
     * The backend's sandboxes in one of {@code states}, by id, each with whether it is suspended, without loading
     * their rows.
     */
    public static Map<String, Suspension> suspensionsByIdIn(Set<SandboxState> states, String backend) {
        return getEntityManager().createQuery("select s.id, s.state, s.suspendedAt, s.updatedAt from Sandbox s"
                        + " where s.state in :states and s.backend = :backend", Object[].class)
                .setParameter("states", states).setParameter("backend", backend).getResultList().stream()
                .collect(Collectors.toMap(row -> (String) row[0],
                        row -> Suspension.of((SandboxState) row[1], (Instant) row[2], (Instant) row[3])));
    }

    /** The states of the sandboxes of these ids that exist, by id, without loading their rows. */
    public static Map<String, SandboxState> statesOf(Collection<String> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return getEntityManager().createQuery("select s.id, s.state from Sandbox s where s.id in :ids", Object[].class)
                .setParameter("ids", ids).getResultList().stream()
                .collect(Collectors.toMap(row -> (String) row[0], row -> (SandboxState) row[1]));
    }

    /** Whether it can be used, and its daemon was last recorded at this address. */
    public boolean usableAt(String host, int port) {
        return SandboxState.USABLE.contains(state) && host.equals(daemonHost) && Integer.valueOf(port).equals(daemonPort);
    }

    static String truncate(String why) {
        return Strings.truncate(why, MAX_REASON_LENGTH);
    }
}
