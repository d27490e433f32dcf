package io.labfleet.sandbox;

import io.labfleet.audit.AuditAction;
import io.labfleet.audit.AuditLog;
import io.labfleet.audit.AuditTarget;
import io.labfleet.config.IdGenerator;
import io.labfleet.config.LabfleetConfig;
import io.labfleet.lab.Lab;
import io.labfleet.lab.LabCatalog;
import io.labfleet.listing.ListingQuery;
import io.labfleet.listing.ResultPage;
import io.labfleet.provisioner.ActiveBackend;
import io.labfleet.provisioner.BackendUnavailableException;
import io.labfleet.provisioner.CapabilityNotSupportedException;
import io.labfleet.provisioner.SandboxProvisioner;
import io.labfleet.security.AccessPolicy;
import io.labfleet.security.Caller;
import io.labfleet.tenant.Quotas;
import io.labfleet.tenant.Tenant;
import io.labfleet.tenant.TenantService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** The sandbox use cases: create, read, list, extend, terminate. Runtime work goes to {@link SandboxJobs}. */
@ApplicationScoped
public class SandboxService {

    private static final Logger LOG = Logger.getLogger(SandboxService.class);

    private final LabCatalog labs;
    private final TenantService tenants;
    private final SandboxJobs jobs;
    private final SandboxEvents events;
    private final SandboxProvisioner provisioner;
    private final LabfleetConfig config;
    private final Clock clock;
    private final IdGenerator ids;
    private final AuditLog audit;
    private final SandboxPool pool;
    private final SandboxClaims claims;

    SandboxService(LabCatalog labs, TenantService tenants, SandboxJobs jobs, SandboxEvents events, @ActiveBackend SandboxProvisioner provisioner,
                   LabfleetConfig config, Clock clock, IdGenerator ids, AuditLog audit, SandboxPool pool,
                   SandboxClaims claims) {
        this.labs = labs;
        this.tenants = tenants;
        this.jobs = jobs;
        this.events = events;
        this.provisioner = provisioner;
        this.config = config;
        this.clock = clock;
        this.ids = ids;
        this.audit = audit;
        this.pool = pool;
        this.claims = claims;
    }

    /**
     * Hands the caller a READY sandbox of the lab's warm pool if one is there, else records a new sandbox and starts
     * provisioning it. Quotas are checked with the tenant row locked, so concurrent creates never overshoot them.
     */
    public Sandbox create(Caller caller, String labId, Integer ttlMinutes) {
        Lab lab = labs.require(labId);
        tenants.ensureRegistered(caller.tenantId());
        requireBackend("no sandbox can be started right now");
        requireImageSeeding(lab);
        Created outcome = QuarkusTransaction.requiringNew().call(() -> {
            Tenant tenant = tenants.lockForQuotaCheck(caller.tenantId());
            Quotas quotas = tenant.quotas();
            quotas.checkNewSandbox(countActive(caller.tenantId(), null), countActive(caller.tenantId(), caller.subject()));
            Instant now = clock.instant();
            Duration ttl = ttlMinutes != null ? Duration.ofMinutes(ttlMinutes) : defaultTtl(lab);
            Optional<Sandbox> warm = pool.claim(lab.id(), now);
            if (warm.isPresent()) {
                warm.get().handOver(caller.tenantId(), caller.subject(), caller.displayName(), now,
                        quotas.initialExpiry(now, ttl));
                return new Created(warm.get(), true);
            }
            Sandbox created = new Sandbox();
            created.id = ids.next("sb");
            created.tenantId = caller.tenantId();
            created.learnerId = caller.subject();
            created.learnerName = caller.displayName();
            created.labId = lab.id();
            created.state = SandboxState.REQUESTED;
            created.reason = "Waiting for a provisioner.";
            created.backend = provisioner.backend();
            created.createdAt = now;
            created.updatedAt = now;
            created.expiresAt = quotas.initialExpiry(now, ttl);
            created.persist();
            return new Created(created, false);
        });
        Sandbox sandbox = outcome.sandbox();
        MDC.put("sandbox", sandbox.id);
        if (outcome.fromWarmPool()) {
            LOG.infof("Sandbox %s of the warm pool of lab %s handed over to %s, expires at %s", sandbox.id, labId,
                    caller.subject(), sandbox.expiresAt);
            events.publish(SandboxEvent.state(sandbox));
            return sandbox;
        }
        LOG.infof("Sandbox %s requested by %s for lab %s, expires at %s", sandbox.id, caller.subject(), labId,
                sandbox.expiresAt);
        jobs.provisionLater(sandbox.id);
        return sandbox;
    }

    /** What a create made: a sandbox handed over from the lab's warm pool (READY already), or a new one to start. */
    private record Created(Sandbox sandbox, boolean fromWarmPool) {
    }

    /**
     * A lab that names images needs a backend that puts them into the sandbox: nothing is pulled, so its setup and
     * checks would fail in a sandbox without them.
     */
    private void requireImageSeeding(Lab lab) {
        if (!lab.images().isEmpty() && !provisioner.can(SandboxProvisioner.Capability.IMAGE_SEEDING)) {
            throw new CapabilityNotSupportedException("Lab " + lab.id() + " needs the images " + lab.images()
                    + " in its sandbox, and the " + provisioner.backend() + " backend cannot put images into one"
                    + " (nothing is pulled), so no sandbox was made. Ask the operators for a backend that can.");
        }
    }

    /** Creating and deleting need the backend; everything else keeps working while it does not answer. */
    private void requireBackend(String consequence) {
        if (!provisioner.isReachable()) {
            throw new BackendUnavailableException("The " + provisioner.backend() + " backend does not answer, so "
                    + consequence + ". Try again in a minute.");
        }
    }

    private Duration defaultTtl(Lab lab) {
        Duration configured = config.sandbox().defaultTtl();
        return lab.duration().compareTo(configured) > 0 ? lab.duration() : configured;
    }

    static long countActive(String tenantId, String learnerId) {
        if (learnerId == null) {
            return Sandbox.count("tenantId = ?1 and state in ?2", tenantId, SandboxState.ACTIVE);
        }
        return Sandbox.count("tenantId = ?1 and learnerId = ?2 and state in ?3", tenantId, learnerId, SandboxState.ACTIVE);
    }

    /**
     * The sandbox, if the caller may see it; otherwise "not found" (we do not reveal that it exists). One
     * statement, so no transaction of its own (it joins the caller's when there is one): a transaction would cost
     * a second round trip to the database (its commit) on the API's most frequent call.
     */
    @ActivateRequestContext
    public Sandbox get(Caller caller, String id) {
        return visible(caller, id, Sandbox.findById(id));
    }

    /** A pooled sandbox is nobody's: not even an admin reaches it through the API before a learner claims it. */
    private static Sandbox visible(Caller caller, String id, Sandbox sandbox) {
        if (sandbox == null || sandbox.isPooled() || !AccessPolicy.canSee(caller, sandbox.tenantId, sandbox.learnerId)) {
            throw new SandboxNotFoundException(id);
        }
        MDC.put("sandbox", id);
        return sandbox;
    }

    /**
     * The sandboxes the caller may see that match the filter, newest first. The learner filter matches a
     * learner's id (token subject) or display name, so an instructor can ask for "alice". Reads without a
     * transaction, as {@link #get} does; the page and its total in one statement.
     */
    @ActivateRequestContext
    public ResultPage<Sandbox> list(Caller caller, SandboxFilter filter, int page, int size) {
        var scope = AccessPolicy.listingScope(caller, filter.tenantId(), null);
        if (scope.nothing()) {
            return ResultPage.empty(page, size);
        }
        ListingQuery query = new ListingQuery()
                .and("learnerId is not null")
                .and("tenantId = :tenant", "tenant", scope.tenantId())
                .and("learnerId = :owner", "owner", scope.ownerId())
                .and("(learnerId = :learner or learnerName = :learner)", "learner", filter.learnerId())
                .and("labId = :lab", "lab", filter.labId())
                .and("state = :state", "state", filter.state());
        return query.page(Sandbox.class, "createdAt desc, id", page, size);
    }

    /**
     * Pushes expiry back by {@code minutes}, never beyond the tenant's maximum lifetime.
     *
     * @throws IllegalStateTransitionException when the sandbox is ending or already at its limit
     */
    public Sandbox extend(Caller caller, String id, int minutes) {
        // Locked on first read: an unlocked read before would hold a version that provisioning may change meanwhile.
        return claims.update(id, sandbox -> extendExpiry(caller, visible(caller, id, sandbox), minutes))
                .orElseThrow(() -> new SandboxNotFoundException(id));
    }

    private boolean extendExpiry(Caller caller, Sandbox sandbox, int minutes) {
        String id = sandbox.id;
        if (!SandboxState.ACTIVE.contains(sandbox.state) || sandbox.state == SandboxState.TERMINATING) {
            throw new IllegalStateTransitionException("Sandbox " + id + " is " + sandbox.state + " and cannot be extended.");
        }
        Instant cap = tenants.get(sandbox.tenantId).quotas().lifetimeCap(sandbox.createdAt);
        if (!sandbox.expiresAt.isBefore(cap)) {
            throw new IllegalStateTransitionException("Sandbox " + id + " already lives until " + sandbox.expiresAt
                    + ", the longest lifetime the tenant allows.");
        }
        Instant wanted = sandbox.expiresAt.plus(Duration.ofMinutes(minutes));
        sandbox.expiresAt = wanted.isAfter(cap) ? cap : wanted;
        Instant now = clock.instant();
        if (sandbox.state == SandboxState.EXPIRING) {
            sandbox.moveTo(SandboxState.READY, "Extended until " + sandbox.expiresAt + ".", now);
        }
        sandbox.updatedAt = now;
        audit.recordIfOnBehalf(caller, AuditAction.SANDBOX_EXTENDED, auditTarget(sandbox),
                "Extended by " + minutes + " min; now expires at " + sandbox.expiresAt + ".");
        LOG.infof("Sandbox %s extended until %s by %s", id, sandbox.expiresAt, caller.subject());
        return true;
    }

    /**
     * Starts tearing the sandbox down. Deleting a sandbox that is already ending changes nothing (and is
     * not audited: nothing happened).
     */
    public Sandbox terminate(Caller caller, String id) {
        if (get(caller, id).state.canMoveTo(SandboxState.TERMINATING)) {
            requireBackend("no sandbox can be deleted right now");
        }
        return claims.move(id, SandboxState.TERMINATING, "Deleted by " + caller.displayName() + ".",
                        moved -> audit.recordIfOnBehalf(caller, AuditAction.SANDBOX_TERMINATED, auditTarget(moved),
                                "Was " + moved.state + ", due to expire at " + moved.expiresAt + "."))
                .map(sandbox -> {
                    jobs.deprovisionLater(id);
                    return sandbox;
                })
                .orElseGet(() -> get(caller, id));
    }

    private static AuditTarget auditTarget(Sandbox sandbox) {
        return AuditTarget.sandbox(sandbox.id, sandbox.tenantId, sandbox.learnerId, sandbox.learnerName);
    }
}
