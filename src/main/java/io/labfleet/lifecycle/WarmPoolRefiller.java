package io.labfleet.lifecycle;

import io.labfleet.config.PoolConfig;
import io.labfleet.lab.LabCatalog;
import io.labfleet.provisioner.ActiveBackend;
import io.labfleet.provisioner.SandboxProvisioner;
import io.labfleet.sandbox.Sandbox;
import io.labfleet.sandbox.SandboxPool;
import io.labfleet.sandbox.SandboxState;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps every lab's warm pool at its size ({@link WarmPools}): starts what is missing, within
 * {@code labfleet.pool.max-total} pooled sandboxes and {@code labfleet.pool.max-starting} being started at once, and
 * drains what a smaller size or a lab gone from the catalogue leaves over. A pooled sandbox entering its expiry
 * warning ({@code labfleet.pool.max-age} reached, less the warning) is no longer claimable and counts no more: its
 * replacement starts then, and the reaper tears it down at its expiry like any other. One replica at a time fills,
 * under a lease, so replicas never start the same missing sandbox twice.
 *
 * <p>Meters, kept by every replica: {@code labfleet.pool.size} (READY pooled sandboxes, by lab) and
 * {@code labfleet.pool.target} (the size asked for, by lab).
 */
@ApplicationScoped
public class WarmPoolRefiller {

    public static final String JOB = "warm-pool-refiller";
    static final String LEASE = "warm-pools";
    /** Longer than any pass takes (a few queries and inserts); a replica that dies mid-pass blocks the others this long at most. */
    static final Duration LEASE_DURATION = Duration.ofMinutes(1);
    /** A lab whose pooled sandbox failed to start this recently gets no new one: no loop of failing starts. */
    static final Duration FAILURE_BACKOFF = Duration.ofMinutes(1);
    private static final Logger LOG = Logger.getLogger(WarmPoolRefiller.class);

    /** What one pass did; {@code ran} is false when the backend keeps no pools or another replica held the lease. */
    public record Pass(boolean ran, List<String> started, List<String> drained) {
        static final Pass SKIPPED = new Pass(false, List.of(), List.of());
    }

    private final SandboxPool pool;
    private final WarmPools pools;
    private final LabCatalog labs;
    private final LifecycleLeases leases;
    private final PoolConfig config;
    private final Clock clock;
    private final String backend;
    private final MeterRegistry metrics;
    private final Map<String, AtomicLong> readyGauges = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> targetGauges = new ConcurrentHashMap<>();

    WarmPoolRefiller(SandboxPool pool, WarmPools pools, LabCatalog labs, LifecycleLeases leases, PoolConfig config,
                     Clock clock, @ActiveBackend SandboxProvisioner provisioner, MeterRegistry metrics) {
        this.pool = pool;
        this.pools = pools;
        this.labs = labs;
        this.leases = leases;
        this.config = config;
        this.clock = clock;
        this.backend = provisioner.backend();
        this.metrics = metrics;
    }

    @Scheduled(identity = JOB, every = "${labfleet.pool.refill-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void onSchedule() {
        try {
            refill();
        } catch (RuntimeException e) {
            LOG.warnf(e, "A warm pool refill failed; the next one tries again");
        }
    }

    public Pass refill() {
        if (!pool.supported()) {
            return Pass.SKIPPED;
        }
        measure(QuarkusTransaction.requiringNew().call(pools::sizes));
        String holder = UUID.randomUUID().toString();
        if (!leases.tryAcquire(LEASE, holder, LEASE_DURATION)) {
            return Pass.SKIPPED;
        }
        try {
            // Read under the lease: what another replica's pass started before it gave the lease back counts.
            Map<String, Integer> sizes = QuarkusTransaction.requiringNew().call(pools::sizes);
            Map<String, Long> stock = QuarkusTransaction.requiringNew().call(() ->
                    Sandbox.countPooledByLab(backend, Sandbox.POOL_STOCK));
            List<String> drained = drain(sizes, stock);
            List<String> started = fill(sizes, stock);
            if (!started.isEmpty() || !drained.isEmpty()) {
                LOG.infof("Warm pools: started %s, drained %s", started, drained);
            }
            return new Pass(true, started, drained);
        } finally {
            leases.release(LEASE, holder);
        }
    }

    private List<String> drain(Map<String, Integer> sizes, Map<String, Long> stock) {
        List<String> drained = new ArrayList<>();
        stock.forEach((labId, held) -> {
            Integer size = sizes.get(labId);
            long surplus = held - (size == null ? 0 : size);
            if (surplus > 0) {
                drained.addAll(pool.drain(labId, (int) surplus, size == null
                        ? "Lab " + labId + " is no longer in the catalogue; its warm pool is emptied."
                        : "The warm pool of lab " + labId + " was made smaller (" + size + ")."));
            }
        });
        return drained;
    }

    /** Starts what is missing, one per lab in turn (course order), so that no lab takes all the room. */
    private List<String> fill(Map<String, Integer> sizes, Map<String, Long> stock) {
        long[] counts = QuarkusTransaction.requiringNew().call(() ->
                new long[]{Sandbox.countPooled(backend), Sandbox.countPooledStarting(backend)});
        long room = Math.min(config.maxTotal() - counts[0], config.maxStarting() - counts[1]);
        Set<String> failing = QuarkusTransaction.requiringNew().call(() ->
                Sandbox.countPooledByLab(backend, EnumSet.of(SandboxState.FAILED), clock.instant().minus(FAILURE_BACKOFF))
                        .keySet());
        Map<String, Long> missing = new LinkedHashMap<>();
        sizes.forEach((labId, size) -> {
            long lacking = size - stock.getOrDefault(labId, 0L);
            if (lacking > 0 && failing.contains(labId)) {
                LOG.warnf("A sandbox of the warm pool of lab %s failed to start within %s; not starting another yet"
                        + " (its reason is on the sandbox and in the log)", labId, FAILURE_BACKOFF);
            } else if (lacking > 0) {
                missing.put(labId, lacking);
            }
        });
        List<String> started = new ArrayList<>();
        while (room > 0 && !missing.isEmpty()) {
            for (var lab = missing.entrySet().iterator(); lab.hasNext() && room > 0; room--) {
                var entry = lab.next();
                started.add(pool.start(entry.getKey()));
                if (entry.getValue() == 1) {
                    lab.remove();
                } else {
                    entry.setValue(entry.getValue() - 1);
                }
            }
        }
        return started;
    }

    private void measure(Map<String, Integer> sizes) {
        Map<String, Long> ready = QuarkusTransaction.requiringNew().call(() ->
                Sandbox.countPooledByLab(backend, EnumSet.of(SandboxState.READY)));
        labs.all().forEach(lab -> {
            gauge(readyGauges, "labfleet.pool.size", "READY sandboxes in the lab's warm pool", lab.id())
                    .set(ready.getOrDefault(lab.id(), 0L));
            gauge(targetGauges, "labfleet.pool.target", "Size asked for the lab's warm pool", lab.id())
                    .set(sizes.getOrDefault(lab.id(), 0));
        });
    }

    private AtomicLong gauge(Map<String, AtomicLong> gauges, String name, String description, String labId) {
        return gauges.computeIfAbsent(labId, id -> {
            AtomicLong value = new AtomicLong();
            io.micrometer.core.instrument.Gauge.builder(name, value, AtomicLong::get).description(description)
                    .tags(Tags.of("lab", id)).register(metrics);
            return value;
        });
    }
}
