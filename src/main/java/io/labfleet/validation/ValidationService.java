package io.labfleet.validation;

import io.labfleet.audit.AuditAction;
import io.labfleet.audit.AuditLog;
import io.labfleet.audit.AuditTarget;
import io.labfleet.config.IdGenerator;
import io.labfleet.sandbox.Sandbox;
import io.labfleet.sandbox.SandboxService;
import io.labfleet.sandbox.SandboxState;
import io.labfleet.security.AccessPolicy;
import io.labfleet.security.Caller;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Page;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.Comparator;
import java.util.List;

/**
 * The validation use cases: start a run on a sandbox, read a sandbox's runs, read one run. Whoever may see a
 * sandbox (its learner, an instructor of its tenant, an admin) may validate it and read its runs; a run started
 * on someone else's sandbox is audited.
 */
@ApplicationScoped
public class ValidationService {

    private static final Logger LOG = Logger.getLogger(ValidationService.class);
    private static final List<ValidationRun.State> IN_FLIGHT = List.of(ValidationRun.State.QUEUED, ValidationRun.State.RUNNING);

    private final SandboxService sandboxes;
    private final LabChecks labChecks;
    private final ValidationWorkers workers;
    private final Clock clock;
    private final IdGenerator ids;
    private final AuditLog audit;

    ValidationService(SandboxService sandboxes, LabChecks labChecks, ValidationWorkers workers, Clock clock,
                      IdGenerator ids, AuditLog audit) {
        this.sandboxes = sandboxes;
        this.labChecks = labChecks;
        this.workers = workers;
        this.clock = clock;
        this.ids = ids;
        this.audit = audit;
    }

    /**
     * Queues a run of the lab's checks on the sandbox and starts it when a worker is free. One run at a time per
     * sandbox (the sandbox's row is locked while this is decided, so two requests at once cannot both queue one).
     *
     * @throws SandboxNotValidatableException when the sandbox is not READY or EXPIRING
     * @throws ValidationInProgressException  while a run of the sandbox is queued or running
     */
    public ValidationRun start(Caller caller, String sandboxId) {
        sandboxes.get(caller, sandboxId);
        ValidationRun run = QuarkusTransaction.requiringNew().call(() -> {
            Sandbox sandbox = Sandbox.lock(sandboxId);
            if (!SandboxState.USABLE.contains(sandbox.state)) {
                throw new SandboxNotValidatableException(sandboxId, sandbox.state);
            }
            ValidationRun inFlight = ValidationRun.<ValidationRun>find("sandboxId = ?1 and state in ?2", sandboxId, IN_FLIGHT)
                    .firstResult();
            if (inFlight != null) {
                throw new ValidationInProgressException(sandboxId, inFlight.id);
            }
            ValidationRun queued = new ValidationRun();
            queued.id = ids.next("vr");
            queued.sandboxId = sandboxId;
            queued.tenantId = sandbox.tenantId;
            queued.learnerId = sandbox.learnerId;
            queued.labId = sandbox.labId;
            queued.state = ValidationRun.State.QUEUED;
            queued.createdAt = clock.instant();
            queued.total = labChecks.of(sandbox.labId).size();
            queued.persist();
            audit.recordIfOnBehalf(caller, AuditAction.SANDBOX_VALIDATED, AuditTarget.sandbox(sandbox.id,
                    sandbox.tenantId, sandbox.learnerId, sandbox.learnerName), "Validation run " + queued.id + ".");
            LOG.infof("Validation run %s of sandbox %s (lab %s) queued by %s", queued.id, sandboxId, sandbox.labId,
                    caller.subject());
            return queued;
        });
        workers.offer(run.id);
        return get(caller, run.id);
    }

    /** The sandbox's runs, newest first, with their results. */
    @Transactional
    public List<ValidationRun> history(Caller caller, String sandboxId, int size) {
        sandboxes.get(caller, sandboxId);
        List<String> newest = ValidationRun.<ValidationRun>find("sandboxId = ?1 order by createdAt desc, id desc", sandboxId)
                .page(Page.ofSize(size)).list().stream().map(run -> run.id).toList();
        if (newest.isEmpty()) {
            return List.of();
        }
        return ValidationRun.<ValidationRun>find("select distinct r from ValidationRun r left join fetch r.results "
                        + "where r.id in ?1", newest).list().stream()
                .sorted(Comparator.comparing((ValidationRun r) -> r.createdAt).thenComparing(r -> r.id).reversed())
                .toList();
    }

    /**
     * @throws ValidationRunNotFoundException when there is no such run or the caller may not see it
     */
    @Transactional
    public ValidationRun get(Caller caller, String runId) {
        ValidationRun run = ValidationRun.<ValidationRun>find("select r from ValidationRun r left join fetch r.results "
                + "where r.id = ?1", runId).firstResult();
        if (run == null || !AccessPolicy.canSee(caller, run.tenantId, run.learnerId)) {
            throw new ValidationRunNotFoundException(runId);
        }
        return run;
    }
}
