package io.labfleet.sandbox;

import io.labfleet.commons.ServiceThreads;
import io.labfleet.config.LabfleetConfig;
import io.labfleet.lab.LabCatalog;
import io.labfleet.lab.LabSetup;
import io.labfleet.lab.LabSetupException;
import io.labfleet.provisioner.ActiveBackend;
import io.labfleet.provisioner.ProgressListener;
import io.labfleet.provisioner.ProvisionedSandbox;
import io.labfleet.provisioner.ResourceLimits;
import io.labfleet.provisioner.RuntimeStatus;
import io.labfleet.provisioner.SandboxProvisioner;
import io.labfleet.provisioner.SandboxSpec;
import io.labfleet.tenant.Quotas;
import io.labfleet.tenant.TenantService;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Moves sandboxes through their life: every state change is made under a row lock and published, and
 * the slow runtime work (provisioning, teardown) runs on a bounded pool of this replica. While a job is queued
 * or running, the sandbox carries this replica's claim ({@link Replica}), renewed as long as the replica lives:
 * the lifecycle reaper takes over at once a job whose claim lapsed or was left by this replica's previous life.
 */
@ApplicationScoped
public class SandboxJobs {

    private static final Logger LOG = Logger.getLogger(SandboxJobs.class);

    /** Why a sandbox fails when its runtime stopped and its backend cannot start it again. */
    private static final String STOPPED_REASON = "Its Docker engine stopped unexpectedly (the sandbox's container or"
            + " pod is no longer running) and cannot be started again; what was in it is lost. Create a new sandbox.";

    /** A READY sandbox's reason while its lab's images go in, and once they are. */
    static final String IMAGES_GOING_IN = "Its Docker daemon answers; the lab's images are going in (your first"
            + " command waits for them a moment).";
    static final String IMAGES_IN = "Its Docker daemon answers and the lab's images are in.";
    /** A seeding is tried this often while the sandbox's runtime runs before the sandbox fails. */
    private static final int SEED_ATTEMPTS = 3;
    private static final Duration SEED_RETRY_PAUSE = Duration.ofSeconds(2);

    private final SandboxProvisioner provisioner;
    private final SandboxEvents events;
    private final LabCatalog labs;
    private final TenantService tenants;
    private final LabSetup setup;
    private final LabfleetConfig config;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final Replica replica;
    private final SandboxClaims claims;
    private final ExecutorService executor;
    private final ScheduledExecutorService renewal;
    /** Sandboxes this replica is starting again, so that reconciler passes do not queue the same one twice. */
    private final Set<String> resuming = ConcurrentHashMap.newKeySet();

    SandboxJobs(@ActiveBackend SandboxProvisioner provisioner, SandboxEvents events, LabCatalog labs,
                TenantService tenants, LabSetup setup, LabfleetConfig config, Clock clock, MeterRegistry metrics,
                Replica replica, SandboxClaims claims, ServiceThreads threads) {
        this.provisioner = provisioner;
        this.events = events;
        this.labs = labs;
        this.tenants = tenants;
        this.setup = setup;
        this.config = config;
        this.clock = clock;
        this.metrics = metrics;
        this.replica = replica;
        this.claims = claims;
        this.executor = threads.pool("sandbox-jobs", config.sandbox().provisioningConcurrency());
        this.renewal = threads.scheduler("sandbox-claims-renewal");
        long period = Math.max(1, replica.lease().toMillis() / 3);
        renewal.scheduleAtFixedRate(this::renewClaims, period, period, TimeUnit.MILLISECONDS);
    }

    public void provisionLater(String sandboxId) {
        later(sandboxId, () -> provision(sandboxId));
    }

    public void deprovisionLater(String sandboxId) {
        later(sandboxId, () -> deprovision(sandboxId));
    }

    /**
     * Provisions again a sandbox whose provisioning was interrupted (its replica died or restarted): what the
     * first attempt made is removed, then the sandbox is provisioned from scratch, so the lab's starting state
     * is never applied twice.
     */
    public void resumeProvisioningLater(String sandboxId) {
        later(sandboxId, () -> {
            Sandbox sandbox = QuarkusTransaction.requiringNew().call(() -> Sandbox.<Sandbox>findById(sandboxId));
            if (sandbox == null || sandbox.state != SandboxState.PROVISIONING) {
                return;
            }
            MDC.put("tenant", sandbox.logTenant());
            LOG.infof("Sandbox %s: its provisioning was interrupted; starting it again", sandboxId);
            events.publish(SandboxEvent.progress(sandboxId, "resume", 0,
                    "The replica that was starting it stopped; starting it again.", clock.instant()));
            removeRuntimeQuietly(sandboxId);
            provisionClaimed(sandbox, ProvisioningSteps.start(metrics));
        });
    }

    /** Claims the sandbox for this replica, then runs the job on the pool and gives the claim back after it. */
    private void later(String sandboxId, Runnable job) {
        claims.claimForJob(sandboxId);
        runClaimed(sandboxId, job);
    }

    /**
     * Hands a job whose claim this replica holds to the pool. When the pool refuses it (the service is stopping),
     * the claim is given back at once: kept, it would hold the sandbox from every other replica's lifecycle passes
     * until it lapsed, with nobody doing the work. The row stays as it is, for whichever replica lives to take it.
     *
     * @return whether the pool took the job
     */
    private boolean runClaimed(String sandboxId, Runnable job) {
        try {
            executor.execute(() -> withLogContext(sandboxId, () -> {
                try {
                    job.run();
                } finally {
                    claims.releaseJobClaim(sandboxId);
                }
            }));
            return true;
        } catch (RejectedExecutionException e) {
            LOG.warnf("Sandbox %s: the service is stopping and takes no more work; its claim is given back so that"
                    + " another replica's lifecycle passes take the work over", sandboxId);
            claims.releaseJobClaim(sandboxId);
            return false;
        }
    }

    private void renewClaims() {
        try {
            claims.renewJobClaims();
        } catch (RuntimeException e) {
            LOG.warnf("Renewing this replica's claims failed (%s); the next renewal tries again", e.getMessage());
        }
    }

    /**
     * Starts a usable sandbox whose runtime stopped again in the background, under this replica's claim, unless this
     * replica already is or another replica's claim holds: the reconcilers of several replicas, which take turns,
     * would otherwise each start it again while the first one still is.
     *
     * @return whether this replica took the work (false: it is already being done, or this replica is stopping)
     */
    public boolean restartStoppedLater(String sandboxId) {
        if (!resuming.add(sandboxId)) {
            return false;
        }
        if (!claims.claimForJobIfFree(sandboxId)) {
            resuming.remove(sandboxId);
            LOG.debugf("Sandbox %s: another replica is starting it again", sandboxId);
            return false;
        }
        boolean taken = runClaimed(sandboxId, () -> {
            try {
                restartStopped(sandboxId);
            } finally {
                resuming.remove(sandboxId);
            }
        });
        if (!taken) {
            resuming.remove(sandboxId);
        }
        return taken;
    }

    /**
     * Starts a usable sandbox whose runtime stopped (its engine restarted) again, keeping the learner's work, and
     * records where its daemon answers now. When it cannot be started yet, it stays as it is, data included, with a
     * reason saying so, and the reconciler tries again; only a backend that can never start it again fails it.
     */
    private void restartStopped(String sandboxId) {
        if (QuarkusTransaction.requiringNew().call(() -> {
            Sandbox sandbox = Sandbox.findById(sandboxId);
            return sandbox == null || sandbox.suspendedAt != null;
        })) {
            return; // Gone, or suspended since the reconciler saw it: its learner's next command wakes it.
        }
        ProvisionedSandbox runtime;
        try {
            runtime = provisioner.resume(sandboxId);
        } catch (UnsupportedOperationException e) {
            LOG.warnf("Sandbox %s stopped and the %s backend cannot start it again: %s", sandboxId,
                    provisioner.backend(), e.getMessage());
            claims.move(sandboxId, SandboxState.FAILED, STOPPED_REASON).ifPresent(failed -> deprovisionLater(sandboxId));
            return;
        } catch (RuntimeException e) {
            LOG.warnf(e, "Sandbox %s stopped and could not be started again yet; the reconciler tries again", sandboxId);
            updateUsable(sandboxId, sandbox -> {
                sandbox.reason = "Its Docker engine stopped and could not be started again yet; Labfleet keeps"
                        + " trying. Everything in it is kept.";
                return true;
            });
            return;
        }
        updateUsable(sandboxId, sandbox -> {
            sandbox.daemonHost = runtime.daemonHost();
            sandbox.daemonPort = runtime.daemonPort();
            sandbox.reason = "Its Docker engine was restarted at " + clock.instant() + "; everything in it was kept"
                    + " (containers without a restart policy are stopped: start them again).";
            LOG.infof("Sandbox %s runs again; its daemon answers at %s:%d", sandboxId, runtime.daemonHost(),
                    runtime.daemonPort());
            return true;
        });
    }

    /**
     * Changes a sandbox that is still usable, under its row lock (waiting for whoever holds it), if {@code change}
     * does, and publishes the change.
     *
     * @return whether it was changed
     */
    private boolean updateUsable(String sandboxId, SandboxClaims.Change change) {
        return claims.update(sandboxId, sandbox -> {
            if (!SandboxState.USABLE.contains(sandbox.state) || !change.apply(sandbox)) {
                return false;
            }
            sandbox.updatedAt = clock.instant();
            return true;
        }).isPresent();
    }

    /** Claims a REQUESTED sandbox and provisions it; does nothing if another worker claimed it first. */
    public void provision(String sandboxId) {
        Optional<Sandbox> claimed = claims.update(sandboxId, sandbox -> {
            if (sandbox.state != SandboxState.REQUESTED) {
                return false;
            }
            sandbox.moveTo(SandboxState.PROVISIONING, "Starting on the " + sandbox.backend + " backend.", clock.instant());
            return true;
        });
        if (claimed.isEmpty()) {
            return;
        }
        Sandbox sandbox = claimed.get();
        MDC.put("tenant", sandbox.logTenant());
        ProvisioningSteps steps = ProvisioningSteps.start(metrics);
        steps.recordEarlier("queued", Duration.between(sandbox.createdAt, sandbox.updatedAt));
        provisionClaimed(sandbox, steps);
    }

    private void provisionClaimed(Sandbox sandbox, ProvisioningSteps steps) {
        String sandboxId = sandbox.id;
        Timer.Sample timer = Timer.start(metrics);
        ProgressListener progress = steps.listener(published(sandboxId));
        SandboxSpec spec;
        boolean imagesAfterReady;
        ProvisionedSandbox runtime;
        try {
            spec = spec(sandbox);
            imagesAfterReady = imagesAfterReady(sandbox, spec);
            runtime = provisioner.provision(spec, progress);
            if (!imagesAfterReady) {
                provisioner.seedImages(spec, runtime, progress);
                applySetup(sandbox, runtime);
                steps.ended("setup");
            }
            Readiness readiness = markReady(sandboxId, runtime, imagesAfterReady);
            steps.ended("ready");
            timer.stop(metrics.timer("labfleet.sandbox.provisioning", "outcome", readiness.outcome));
            LOG.debugf("Sandbox %s provisioned (%s): %s", sandboxId, readiness.outcome, steps.summary());
            if (readiness == Readiness.ENDED) {
                LOG.infof("Sandbox %s ended while it was being provisioned; tearing down what was made", sandboxId);
                deprovision(sandboxId);
                return;
            } else if (readiness == Readiness.TAKEN_OVER) {
                LOG.warnf("Sandbox %s was taken over by another replica while this one provisioned it", sandboxId);
                return;
            }
        } catch (RuntimeException e) {
            if (failUnlessTakenOver(sandboxId, e)) {
                timer.stop(metrics.timer("labfleet.sandbox.provisioning", "outcome", "failed"));
            }
            return;
        }
        if (imagesAfterReady) {
            seedPending(sandboxId, spec, runtime, progress);
        }
    }

    /** Tells the sandbox's followers of each progress step. */
    private ProgressListener published(String sandboxId) {
        return (step, percent, message) ->
                events.publish(SandboxEvent.progress(sandboxId, step, percent, message, clock.instant()));
    }

    /**
     * Whether the lab's images go in once the sandbox is READY rather than before: READY means its daemon answers
     * (DESIGN), and loading images takes 200–350 ms of a cold start, which the learner spends reading the
     * instructions while every way in waits for them ({@link SandboxImagesWait}). Not for a lab with setup
     * commands (they need the images, and their starting state must be in before anyone sees the sandbox, and never
     * be applied twice), nor for a warm pool's sandbox (nobody waits for it, and a create hands it out at once).
     */
    private boolean imagesAfterReady(Sandbox sandbox, SandboxSpec spec) {
        return !spec.images().isEmpty() && !sandbox.isPooled()
                && labs.find(sandbox.labId).map(lab -> lab.setup().isEmpty()).orElse(true);
    }

    /**
     * Puts the lab's images into a READY sandbox that waits for them, then says they are in. When the seeding itself
     * fails (its runtime runs), the sandbox fails with the reason and its runtime is removed: nobody used it, every
     * way in waited. When its runtime stopped or vanished meanwhile, or the backend did not answer, it is left
     * waiting: the reconciler starts it again (or fails it, gone) and the reaper then takes the seeding up, or fails
     * it once it waited longer than a provisioning may.
     */
    private void seedPending(String sandboxId, SandboxSpec spec, ProvisionedSandbox runtime, ProgressListener progress) {
        long start = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            try {
                provisioner.seedImages(spec, runtime, progress);
                break;
            } catch (RuntimeException e) {
                if (!runs(sandboxId)) {
                    LOG.warnf("Seeding the images of sandbox %s failed while its runtime was not running (%s); they go"
                            + " in once it runs again", sandboxId, e.getMessage());
                    return;
                }
                if (attempt == SEED_ATTEMPTS) {
                    failSeeding(sandboxId, e);
                    return;
                }
                // Its container runs but its daemon may not answer yet (started again a moment ago): once more.
                LOG.infof("Seeding the images of sandbox %s failed (%s); trying again in %d s", sandboxId,
                        e.getMessage(), SEED_RETRY_PAUSE.toSeconds());
                if (!pause(SEED_RETRY_PAUSE)) {
                    return;
                }
            }
        }
        boolean told = updateUsable(sandboxId, sandbox -> {
            if (!sandbox.imagesPending) {
                return false;
            }
            sandbox.imagesPending = false;
            if (IMAGES_GOING_IN.equals(sandbox.reason)) {
                sandbox.reason = IMAGES_IN;
            }
            return true;
        });
        LOG.infof("Sandbox %s: the lab's images are in (in %d ms)%s", sandboxId,
                (System.nanoTime() - start) / 1_000_000, told ? "" : " (the row no longer waited for them)");
    }

    /**
     * Fails a sandbox whose images could not be put in while its runtime ran, and removes its runtime: under its row's
     * lock, only if it is still usable, still waits for them, and no other replica took the work over.
     */
    private void failSeeding(String sandboxId, RuntimeException e) {
        if (updateUsable(sandboxId, sandbox -> {
            if (!sandbox.imagesPending || claims.claimedByAnother(sandbox)) {
                return false;
            }
            sandbox.moveTo(SandboxState.FAILED, imagesFailedReason(sandboxId), clock.instant());
            return true;
        })) {
            LOG.warnf(e, "Seeding the images of sandbox %s failed; it is now FAILED", sandboxId);
            removeRuntimeQuietly(sandboxId);
        } else {
            LOG.infof("Seeding the images of sandbox %s failed after it ended, its images went in or another replica"
                    + " took it over: %s", sandboxId, e.getMessage());
        }
    }

    /** @return false when interrupted (the service is stopping) */
    private static boolean pause(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Whether the sandbox's runtime runs, as its backend says (false when it does not answer). */
    private boolean runs(String sandboxId) {
        try {
            return provisioner.status(sandboxId) == RuntimeStatus.RUNNING;
        } catch (RuntimeException e) {
            return false;
        }
    }

    static String imagesFailedReason(String sandboxId) {
        return "The lab's images could not be put into it; the operators find the cause in the log under " + sandboxId
                + ". Create a new sandbox; if this happens again, tell your instructor.";
    }

    /**
     * Puts the lab's images into a usable sandbox whose seeding was cut short (its replica died, or stopped before
     * the job ran), under this replica's claim, which the caller took over.
     */
    public void seedImagesLater(String sandboxId) {
        runClaimed(sandboxId, () -> {
            Sandbox sandbox = QuarkusTransaction.requiringNew().call(() -> Sandbox.<Sandbox>findById(sandboxId));
            if (sandbox == null || !sandbox.imagesPending || !SandboxState.USABLE.contains(sandbox.state)) {
                return;
            }
            MDC.put("tenant", sandbox.logTenant());
            if (!runs(sandboxId)) {
                LOG.debugf("Sandbox %s waits for its images with its runtime not running: left to the reconciler",
                        sandboxId);
                return;
            }
            LOG.infof("Sandbox %s: putting its lab's images in was cut short; doing it again", sandboxId);
            seedPending(sandboxId, spec(sandbox), new ProvisionedSandbox(sandbox.daemonHost, sandbox.daemonPort),
                    published(sandboxId));
        });
    }

    /**
     * Fails a sandbox whose provisioning failed, and removes its runtime, unless another replica took the work over
     * (its claim is on the row now: that replica's outcome stands, a teardown after a delete included).
     *
     * @return whether it was failed here
     */
    private boolean failUnlessTakenOver(String sandboxId, RuntimeException e) {
        if (claims.claimedByAnother(sandboxId)) {
            LOG.warnf("Provisioning of sandbox %s failed after another replica took it over: %s", sandboxId,
                    e.getMessage());
            return false;
        }
        LOG.warnf(e, "Provisioning of sandbox %s failed", sandboxId);
        removeRuntimeQuietly(sandboxId);
        claims.move(sandboxId, SandboxState.FAILED, failureReason(sandboxId, e));
        return true;
    }

    /**
     * What learners read when provisioning failed: a lab setup's failure names the lab's own command (the learner's
     * starting state); anything else (engine addresses, Docker or Kubernetes API messages) stays in the log, under
     * the sandbox's id, for the operators.
     */
    static String failureReason(String sandboxId, RuntimeException e) {
        if (e instanceof LabSetupException) {
            return "Provisioning failed: " + e.getMessage();
        }
        return "Provisioning failed on our side; the operators find the cause in the log under " + sandboxId
                + ". Create a new sandbox; if this happens again, tell your instructor.";
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

    /** How a provisioning that finished found its sandbox. */
    private enum Readiness {
        READY("ready"),
        /** Deleted, expired or failed meanwhile: what was made must go. */
        ENDED("cancelled"),
        /** Another replica took the work over (this one's claim lapsed): that replica finishes it. */
        TAKEN_OVER("taken-over");

        final String outcome;

        Readiness(String outcome) {
            this.outcome = outcome;
        }
    }

    private Readiness markReady(String sandboxId, ProvisionedSandbox runtime, boolean imagesAfterReady) {
        AtomicBoolean takenOver = new AtomicBoolean();
        Optional<Sandbox> ready = claims.update(sandboxId, sandbox -> {
            if (sandbox.state != SandboxState.PROVISIONING) {
                return false;
            }
            if (claims.claimedByAnother(sandbox)) {
                takenOver.set(true);
                return false;
            }
            sandbox.daemonHost = runtime.daemonHost();
            sandbox.daemonPort = runtime.daemonPort();
            sandbox.moveTo(SandboxState.READY, imagesAfterReady ? IMAGES_GOING_IN : "Its Docker daemon answers.",
                    clock.instant());
            sandbox.imagesPending = imagesAfterReady;
            if (!sandbox.isPooled()) {
                // A pooled sandbox has no learner to be idle: its activity starts when one claims it.
                sandbox.lastActivityAt = sandbox.readyAt;
            }
            return true;
        });
        if (takenOver.get()) {
            return Readiness.TAKEN_OVER;
        }
        if (ready.isEmpty()) {
            return Readiness.ENDED;
        }
        LOG.infof("Sandbox %s is READY", sandboxId);
        return Readiness.READY;
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
            claims.updateUnpublished(sandboxId, sandbox -> {
                if (sandbox.state != SandboxState.TERMINATING) {
                    return false;
                }
                sandbox.reason = "Removing it failed for now; Labfleet tries again (the operators find the cause"
                        + " in the log under " + sandboxId + ").";
                sandbox.updatedAt = clock.instant();
                return true;
            });
            return;
        }
        claims.move(sandboxId, SandboxState.TERMINATED, "Everything it owned was removed.");
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
        ResourceLimits resources = new ResourceLimits(limits.memory().asLongValue(), limits.milliCpus(), limits.pids());
        if (sandbox.isPooled()) {
            // No tenant yet: the backend supports warm pools, so nothing of the runtime depends on one.
            return new SandboxSpec(sandbox.id, null, null, sandbox.labId, sandbox.expiresAt, resources, images,
                    sandbox.expiresAt, 0);
        }
        Quotas quotas = QuarkusTransaction.joiningExisting().call(() -> tenants.get(sandbox.tenantId).quotas());
        return new SandboxSpec(sandbox.id, sandbox.tenantId, sandbox.learnerId, sandbox.labId, sandbox.expiresAt,
                resources, images, quotas.lifetimeCap(sandbox.createdAt), quotas.maxActiveSandboxes());
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
