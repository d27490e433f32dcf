package io.labfleet.lifecycle;

import io.labfleet.audit.AuditAction;
import io.labfleet.audit.AuditLog;
import io.labfleet.audit.AuditTarget;
import io.labfleet.config.LifecycleConfig;
import io.labfleet.config.PoolConfig;
import io.labfleet.lab.Lab;
import io.labfleet.lab.LabCatalog;
import io.labfleet.provisioner.ActiveBackend;
import io.labfleet.provisioner.CapabilityNotSupportedException;
import io.labfleet.provisioner.SandboxProvisioner;
import io.labfleet.sandbox.PoolSizes;
import io.labfleet.sandbox.Sandbox;
import io.labfleet.sandbox.SandboxState;
import io.labfleet.security.Caller;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.narayana.jta.QuarkusTransactionException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The size of every lab's warm pool: an admin's ({@link WarmPoolSize}, in the database, so every replica sees it)
 * outranks configuration ({@code labfleet.pool.size.<lab>}), which outranks the lab's {@code warmPool}. Start-up fails
 * on a configuration that cannot work, naming the key.
 */
@ApplicationScoped
public class WarmPools implements PoolSizes {

    private static final Logger LOG = Logger.getLogger(WarmPools.class);

    /** Where a lab's pool size comes from. */
    public enum Source {
        /** {@code warmPool} in its {@code lab.yaml} (0 when absent). */
        LAB,
        /** {@code labfleet.pool.size.<lab>}. */
        CONFIGURATION,
        /** An admin's {@code PUT /api/v1/pools/{labId}}. */
        ADMIN
    }

    /**
     * One lab's pool as it is now: its size, where that comes from, and its sandboxes (READY to be claimed, being
     * started). On a backend without warm pools its size is 0, whatever is set, and {@code unsupported} says why
     * (null where pools are kept).
     */
    public record Pool(String labId, int size, Source source, long ready, long starting, String unsupported) {
    }

    private final LabCatalog labs;
    private final PoolConfig config;
    private final AuditLog audit;
    private final Clock clock;
    private final String backend;
    private final boolean pooling;

    WarmPools(LabCatalog labs, PoolConfig config, LifecycleConfig lifecycle, AuditLog audit, Clock clock,
              @ActiveBackend SandboxProvisioner provisioner) {
        this.labs = labs;
        this.config = config;
        this.audit = audit;
        this.clock = clock;
        this.backend = provisioner.backend();
        List<String> problems = problems(labs.all().stream().map(Lab::id).collect(Collectors.toSet()), config,
                lifecycle.expiryWarning());
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Warm pool configuration: " + String.join("; ", problems));
        }
        this.pooling = provisioner.can(SandboxProvisioner.Capability.WARM_POOLS);
        if (!pooling && labs.all().stream().anyMatch(lab -> configuredSize(lab) > 0)) {
            LOG.warnf("The %s backend keeps no warm pools: every sandbox starts cold, whatever the pool sizes say",
                    backend);
        }
    }

    /** What makes the configuration unusable, each naming its key; empty when it is fine. */
    static List<String> problems(Set<String> labIds, PoolConfig config, Duration expiryWarning) {
        List<String> problems = new ArrayList<>();
        config.size().forEach((labId, size) -> {
            if (!labIds.contains(labId)) {
                problems.add("labfleet.pool.size." + labId + " names no lab of the catalogue");
            }
            if (size < 0 || size > Lab.MAX_WARM_POOL) {
                problems.add("labfleet.pool.size." + labId + " must be 0 to " + Lab.MAX_WARM_POOL + ", got " + size);
            }
        });
        if (config.maxTotal() < 0) {
            problems.add("labfleet.pool.max-total must be 0 or more, got " + config.maxTotal());
        }
        if (config.maxStarting() < 1) {
            problems.add("labfleet.pool.max-starting must be 1 or more, got " + config.maxStarting());
        }
        if (config.maxAge().compareTo(expiryWarning) <= 0) {
            problems.add("labfleet.pool.max-age (" + config.maxAge() + ") must be longer than"
                    + " labfleet.lifecycle.expiry-warning (" + expiryWarning + "): a pooled sandbox is"
                    + " only handed over before that warning");
        }
        return problems;
    }

    private int configuredSize(Lab lab) {
        return config.size().getOrDefault(lab.id(), lab.warmPool());
    }

    /** Joins the caller's transaction, if any: a create asks within the one that claims. */
    @Override
    public int sizeOf(String labId) {
        return labs.find(labId).map(lab -> QuarkusTransaction.joiningExisting().call(() ->
                WarmPoolSize.<WarmPoolSize>findByIdOptional(labId).map(set -> set.size).orElse(configuredSize(lab))))
                .orElse(0);
    }

    /** The size of every lab's pool, in course order; labs without one have 0. */
    public Map<String, Integer> sizes() {
        Map<String, Integer> set = QuarkusTransaction.joiningExisting().call(WarmPoolSize::all);
        Map<String, Integer> sizes = new LinkedHashMap<>();
        labs.all().forEach(lab -> sizes.put(lab.id(), set.getOrDefault(lab.id(), configuredSize(lab))));
        return sizes;
    }

    /** Every lab's pool, in course order. */
    public List<Pool> all() {
        return pools(labs.all());
    }

    /** One lab's pool. */
    public Pool get(String labId) {
        return pools(List.of(labs.require(labId))).get(0);
    }

    /** The pools of {@code of}, in its order: their sizes and sandboxes read in one transaction. */
    private List<Pool> pools(List<Lab> of) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Map<String, Integer> set = WarmPoolSize.all();
            Map<String, Long> ready = Sandbox.countPooledByLab(backend, EnumSet.of(SandboxState.READY));
            Map<String, Long> starting = Sandbox.countPooledByLab(backend,
                    EnumSet.of(SandboxState.REQUESTED, SandboxState.PROVISIONING));
            return of.stream().map(lab -> pool(lab, set, ready, starting)).toList();
        });
    }

    private Pool pool(Lab lab, Map<String, Integer> set, Map<String, Long> ready, Map<String, Long> starting) {
        Integer byAdmin = set.get(lab.id());
        Source source = byAdmin != null ? Source.ADMIN
                : config.size().containsKey(lab.id()) ? Source.CONFIGURATION : Source.LAB;
        int size = byAdmin != null ? byAdmin : configuredSize(lab);
        String unsupported = pooling ? null : noPools(lab.id()) + (size == 0 ? "." : " (the size " + size
                + " that " + setBy(source, lab.id()) + " sets is not applied).");
        return new Pool(lab.id(), pooling ? size : 0, source, ready.getOrDefault(lab.id(), 0L),
                starting.getOrDefault(lab.id(), 0L), unsupported);
    }

    private static String setBy(Source source, String labId) {
        return switch (source) {
            case LAB -> "its lab.yaml";
            case CONFIGURATION -> "labfleet.pool.size." + labId;
            case ADMIN -> "an admin";
        };
    }

    private String noPools(String labId) {
        return "The " + backend + " backend keeps no warm pools: every sandbox of lab " + labId
                + " starts when it is asked for";
    }

    /**
     * Sets the lab's pool size for every replica, audited in the same transaction; the refiller starts or drains
     * sandboxes on its next pass.
     *
     * @throws io.labfleet.lab.UnknownLabException for a lab the catalogue does not have
     * @throws CapabilityNotSupportedException   when the backend keeps no warm pools (a size would change nothing)
     */
    public Pool resize(Caller admin, String labId, int size) {
        Pool before = get(labId);
        if (!pooling) {
            throw new CapabilityNotSupportedException(noPools(labId) + ", whatever size is set, so none was set.");
        }
        change(() -> {
            WarmPoolSize set = WarmPoolSize.findById(labId, LockModeType.PESSIMISTIC_WRITE);
            if (set == null) {
                set = new WarmPoolSize();
                set.labId = labId;
            }
            set.size = size;
            set.updatedAt = clock.instant();
            set.updatedBy = admin.subject();
            set.persist();
            audit.record(admin, AuditAction.POOL_RESIZED, AuditTarget.warmPool(labId),
                    "Size " + before.size() + " (" + before.source().name().toLowerCase() + ") -> " + size + ".");
        });
        LOG.infof("Warm pool of lab %s resized from %d to %d by %s", labId, before.size(), size, admin.subject());
        return get(labId);
    }

    /** Forgets the size an admin set: the lab's pool goes back to its configured size. Audited. */
    public Pool reset(Caller admin, String labId) {
        Pool before = get(labId);
        change(() -> {
            if (WarmPoolSize.deleteById(labId)) {
                Lab lab = labs.require(labId);
                audit.record(admin, AuditAction.POOL_RESIZED, AuditTarget.warmPool(labId), "Size " + before.size()
                        + " (admin) -> " + configuredSize(lab) + " (configured).");
            }
        });
        return get(labId);
    }

    /** Two admins creating the same lab's row at once: the loser finds it on its second try. */
    private static void change(Runnable change) {
        try {
            QuarkusTransaction.requiringNew().run(change);
        } catch (PersistenceException | QuarkusTransactionException e) {
            QuarkusTransaction.requiringNew().run(change);
        }
    }
}
