package io.labfleet.sandbox;

import io.labfleet.config.LabfleetConfig;
import io.labfleet.lab.LabCatalog;
import io.labfleet.lab.LabSetup;
import io.labfleet.provisioner.ActiveBackend;
import io.labfleet.provisioner.ProvisionedSandbox;
import io.labfleet.provisioner.ResourceLimits;
import io.labfleet.provisioner.SandboxProvisioner;
import io.labfleet.provisioner.SandboxSpec;
import io.labfleet.tenant.Quotas;
import io.labfleet.tenant.TenantService;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.LockModeType;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Moves sandboxes through their life: every state change is made under a row lock and published, and
 * the slow runtime work (provisioning, teardown) runs on a bounded pool of this replica. A job that a
 * crash interrupted is picked up again by the lifecycle reaper, since state lives in the database.
 */
@ApplicationScoped
public class SandboxJobs {

    private static final Logger LOG = Logger.getLogger(SandboxJobs.class);

    private final SandboxProvisioner provisioner;
    private final SandboxEvents events;
    private final LabCatalog labs;
    private final TenantService tenants;
    private final LabSetup setup;
    private final LabfleetConfig config;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final ExecutorService executor;

    SandboxJobs(@ActiveBackend SandboxProvisioner provisioner, SandboxEvents events, LabCatalog labs,
                TenantService tenants, LabSetup setup, LabfleetConfig config, Clock clock, MeterRegistry metrics) {
        this.provisioner = provisioner;
        this.events = events;
        this.labs = labs;
        this.tenants = tenants;
        this.setup = setup;
        this.config = config;
        this.clock = clock;
        this.metrics = metrics;
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(config.sandbox().provisioningConcurrency(), runnable -> {
            Thread thread = new Thread(runnable, "sandbox-jobs-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        executor.shutdown();
        executor.awaitTermination(10, TimeUnit.SECONDS);
    }

    public void provisionLater(String sandboxId) {
        executor.execute(() -> withLogContext(sandboxId, () -> provision(sandboxId)));
    }

    public void deprovisionLater(String sandboxId) {
        executor.execute(() -> withLogContext(sandboxId, () -> deprovision(sandboxId)));
    }

    /**
     * Moves the sandbox to {@code next} if the state machine allows it from its current state, under a row
     * lock so that replicas never both win. Publishes the change once committed.
     *
     * @return the sandbox after the move, or empty when the move was not allowed (someone else moved it)
     */
    public Optional<Sandbox> move(String sandboxId, SandboxState next, String reason) {
        return move(sandboxId, next, reason, sandbox -> {
        });
    }

    /**
     * Like {@link #move(String, SandboxState, String)}, and runs {@code alsoBeforeCommit} on the sandbox, as it
     * was before the move, in the same transaction: what it writes commits with the move or not at all.
     */
    public Optional<Sandbox> move(String sandboxId, SandboxState next, String reason, Consumer<Sandbox> alsoBeforeCommit) {
        Optional<Sandbox> moved = QuarkusTransaction.requiringNew().call(() -> {
            Sandbox sandbox = Sandbox.findById(sandboxId, LockModeType.PESSIMISTIC_WRITE);
            if (sandbox == null || !sandbox.state.canMoveTo(next)) {
                return Optional.<Sandbox>empty();
            }
            alsoBeforeCommit.accept(sandbox);
            sandbox.moveTo(next, reason, clock.instant());
            return Optional.of(sandbox);
        });
        moved.ifPresent(sandbox -> {
            LOG.infof("Sandbox %s is now %s: %s", sandboxId, next, reason);
            events.publish(SandboxEvent.state(sandbox));
        });
        return moved;
    }

    /** Claims a REQUESTED sandbox and provisions it; does nothing if another worker claimed it first. */
    public void provision(String sandboxId) {
        Optional<Sandbox> claimed = QuarkusTransaction.requiringNew().call(() -> {
            Sandbox sandbox = Sandbox.findById(sandboxId, LockModeType.PESSIMISTIC_WRITE);
            if (sandbox == null || sandbox.state != SandboxState.REQUESTED) {
                return Optional.<Sandbox>empty();
            }
            sandbox.moveTo(SandboxState.PROVISIONING, "Starting on the " + sandbox.backend + " backend.", clock.instant());
            return Optional.of(sandbox);
        });
        if (claimed.isEmpty()) {
            return;
        }
        Sandbox sandbox = claimed.get();
        MDC.put("tenant", sandbox.tenantId);
        events.publish(SandboxEvent.state(sandbox));
        Timer.Sample timer = Timer.start(metrics);
        try {
            ProvisionedSandbox runtime = provisioner.provision(spec(sandbox), (step, percent, message) ->
                    events.publish(SandboxEvent.progress(sandboxId, step, percent, message, clock.instant())));
            applySetup(sandbox, runtime);
            boolean ready = markReady(sandboxId, runtime);
            timer.stop(metrics.timer("labfleet.sandbox.provisioning", "outcome", ready ? "ready" : "cancelled"));
            if (!ready) {
                LOG.infof("Sandbox %s ended while it was being provisioned; tearing down what was made", sandboxId);
                deprovision(sandboxId);
            }
        } catch (RuntimeException e) {
            timer.stop(metrics.timer("labfleet.sandbox.provisioning", "outcome", "failed"));
            LOG.warnf(e, "Provisioning of sandbox %s failed", sandboxId);
            removeRuntimeQuietly(sandboxId);
            move(sandboxId, SandboxState.FAILED, "Provisioning failed: " + e.getMessage());
        }
    }

    /** The lab's starting state goes in before the learner is told the sandbox is ready, so they never see it half made. */
    private void applySetup(Sandbox sandbox, ProvisionedSandbox runtime) {
        labs.find(sandbox.labId).filter(lab -> !lab.setup().isEmpty()).ifPresent(lab -> {
            setup.apply(lab, runtime.daemonHost(), runtime.daemonPort());
            LOG.infof("Sandbox %s holds the starting state of lab %s (%d setup commands)", sandbox.id, lab.id(),
                    lab.setup().size());
            events.publish(SandboxEvent.progress(sandbox.id, "setup", 100, "The lab's starting state is in place ("
                    + lab.setup().size() + " setup commands).", clock.instant()));
        });
    }

    private boolean markReady(String sandboxId, ProvisionedSandbox runtime) {
        Optional<Sandbox> ready = QuarkusTransaction.requiringNew().call(() -> {
            Sandbox sandbox = Sandbox.findById(sandboxId, LockModeType.PESSIMISTIC_WRITE);
            if (sandbox == null || sandbox.state != SandboxState.PROVISIONING) {
                return Optional.<Sandbox>empty();
            }
            sandbox.daemonHost = runtime.daemonHost();
            sandbox.daemonPort = runtime.daemonPort();
            sandbox.moveTo(SandboxState.READY, "Its Docker daemon answers.", clock.instant());
            sandbox.lastActivityAt = sandbox.readyAt;
            return Optional.of(sandbox);
        });
        ready.ifPresent(sandbox -> {
            LOG.infof("Sandbox %s is READY", sandboxId);
            events.publish(SandboxEvent.state(sandbox));
        });
        return ready.isPresent();
    }

    /**
     * Removes the sandbox's runtime and marks it TERMINATED. When the backend fails, the sandbox stays
     * TERMINATING with the reason, and the reaper tries again.
     */
    public void deprovision(String sandboxId) {
        try {
            provisioner.deprovision(sandboxId);
        } catch (RuntimeException e) {
            LOG.warnf(e, "Teardown of sandbox %s failed; it will be retried", sandboxId);
            QuarkusTransaction.requiringNew().run(() -> {
                Sandbox sandbox = Sandbox.findById(sandboxId, LockModeType.PESSIMISTIC_WRITE);
                if (sandbox != null && sandbox.state == SandboxState.TERMINATING) {
                    sandbox.reason = Sandbox.truncate("Teardown failed, will retry: " + e.getMessage());
                    sandbox.updatedAt = clock.instant();
                }
            });
            return;
        }
        move(sandboxId, SandboxState.TERMINATED, "Everything it owned was removed.");
    }

    private void removeRuntimeQuietly(String sandboxId) {
        try {
            provisioner.deprovision(sandboxId);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Could not clean up sandbox %s after a failure; the reconciler will remove what is left",
                    sandboxId);
        }
    }

    SandboxSpec spec(Sandbox sandbox) {
        List<String> images = labs.find(sandbox.labId).map(lab -> lab.images()).orElse(List.of());
        LabfleetConfig.Sandbox limits = config.sandbox();
        Quotas quotas = QuarkusTransaction.joiningExisting().call(() -> tenants.get(sandbox.tenantId).quotas());
        return new SandboxSpec(sandbox.id, sandbox.tenantId, sandbox.learnerId, sandbox.labId, sandbox.expiresAt,
                new ResourceLimits(limits.memory().asLongValue(), limits.milliCpus(), limits.pids()), images,
                quotas.lifetimeCap(sandbox.createdAt), quotas.maxActiveSandboxes());
    }

    private static void withLogContext(String sandboxId, Runnable job) {
        MDC.put("sandbox", sandboxId);
        try {
            job.run();
        } catch (RuntimeException e) {
            LOG.errorf(e, "Job for sandbox %s failed", sandboxId);
        } finally {
            MDC.remove("sandbox");
            MDC.remove("tenant");
        }
    }
}
