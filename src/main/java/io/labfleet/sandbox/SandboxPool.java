package io.labfleet.sandbox;

import io.labfleet.config.IdGenerator;
import io.labfleet.config.LifecycleConfig;
import io.labfleet.config.PoolConfig;
import io.labfleet.provisioner.ActiveBackend;
import io.labfleet.provisioner.SandboxProvisioner;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The warm pools' sandboxes: started in advance, owned by nobody, claimed by creates. Every change is one
 * transaction on locked rows ({@link Sandbox#lockClaimable}, {@link Sandbox#lockPoolSurplus}), so replicas share
 * the pools without ever handing one sandbox to two learners or draining one a learner just claimed. The runtime
 * of a pooled sandbox is made like any other's, by {@link SandboxJobs}; the reaper expires it and the reconciler
 * watches it like any other. Meters: {@code labfleet.pool.claims} (creates of a lab with a pool, by lab and
 * outcome {@code hit} or {@code miss}).
 */
@ApplicationScoped
public class SandboxPool {

    private static final Logger LOG = Logger.getLogger(SandboxPool.class);

    private final SandboxJobs jobs;
    private final SandboxClaims rows;
    private final PoolSizes sizes;
    private final SandboxProvisioner provisioner;
    private final PoolConfig pool;
    private final LifecycleConfig lifecycle;
    private final Clock clock;
    private final IdGenerator ids;
    private final MeterRegistry metrics;
    private final Map<String, Counter> claims = new ConcurrentHashMap<>();

    SandboxPool(SandboxJobs jobs, SandboxClaims rows, PoolSizes sizes, @ActiveBackend SandboxProvisioner provisioner,
                PoolConfig pool, LifecycleConfig lifecycle, Clock clock, IdGenerator ids, MeterRegistry metrics) {
        this.jobs = jobs;
        this.rows = rows;
        this.sizes = sizes;
        this.provisioner = provisioner;
        this.pool = pool;
        this.lifecycle = lifecycle;
        this.clock = clock;
        this.ids = ids;
        this.metrics = metrics;
    }

    /** Whether this backend can keep warm pools (a sandbox started before its owner is known can be handed over). */
    public boolean supported() {
        return provisioner.can(SandboxProvisioner.Capability.WARM_POOLS);
    }

    /**
     * Locks a READY sandbox of the lab's pool for the caller's transaction, which hands it over
     * ({@link Sandbox#handOver}) or lets it go by rolling back. Only one that stays READY past the expiry warning
     * is taken: the reaper never warns a learner about a sandbox they were just given. A backend without warm pools
     * has none to look for.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Sandbox> claim(String labId, Instant now) {
        if (!supported()) {
            return Optional.empty();
        }
        Optional<Sandbox> claimed = Sandbox.lockClaimable(provisioner.backend(), labId, now.plus(lifecycle.expiryWarning()));
        if (claimed.isPresent() || sizes.sizeOf(labId) > 0) {
            String outcome = claimed.isPresent() ? "hit" : "miss";
            claims.computeIfAbsent(labId + "/" + outcome, key -> Counter.builder("labfleet.pool.claims")
                    .description("Creates of a lab with a warm pool: hit (a pooled sandbox was handed over) or miss"
                            + " (started cold)")
                    .tag("lab", labId).tag("outcome", outcome).register(metrics)).increment();
        }
        return claimed;
    }

    /** Starts one more sandbox for the lab's pool: its row first, then its runtime, like a create's. */
    public String start(String labId) {
        Sandbox pooled = Sandbox.pooled(ids.next("sb"), labId, provisioner.backend(), clock.instant(), pool.maxAge());
        QuarkusTransaction.requiringNew().run(pooled::persist);
        LOG.infof("Sandbox %s requested for the warm pool of lab %s, replaced by %s unless claimed", pooled.id, labId,
                pooled.expiresAt);
        jobs.provisionLater(pooled.id);
        return pooled.id;
    }

    /**
     * Tears down up to {@code count} unclaimed sandboxes of the lab's pool (those still starting first), moved to
     * TERMINATING in the transaction that locked them: a create claims a sandbox or the drain takes it, never both.
     *
     * @return the ids of the sandboxes drained
     */
    public List<String> drain(String labId, int count, String reason) {
        if (count <= 0) {
            return List.of();
        }
        List<Sandbox> drained = rows.moveLocked(() -> Sandbox.lockPoolSurplus(provisioner.backend(), labId, count),
                SandboxState.TERMINATING, sandbox -> reason);
        drained.forEach(sandbox -> jobs.deprovisionLater(sandbox.id));
        return drained.stream().map(sandbox -> sandbox.id).toList();
    }
}
