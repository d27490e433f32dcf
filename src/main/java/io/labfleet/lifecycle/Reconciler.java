package io.labfleet.lifecycle;

import io.labfleet.config.LabfleetConfig;
import io.labfleet.provisioner.ActiveBackend;
import io.labfleet.provisioner.RuntimeSandbox;
import io.labfleet.provisioner.RuntimeStatus;
import io.labfleet.provisioner.SandboxProvisioner;
import io.labfleet.sandbox.Sandbox;
import io.labfleet.sandbox.SandboxClaims;
import io.labfleet.sandbox.SandboxCondition;
import io.labfleet.sandbox.SandboxJobs;
import io.labfleet.sandbox.SandboxState;
import io.labfleet.sandbox.SandboxSuspensions;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Compares what the backend holds with what the database says, and repairs the difference: objects of this
 * installation that belong to no live sandbox are removed, a usable sandbox whose runtime stopped (its engine
 * restarted) is started again with everything in it (unless it was suspended on purpose: its learner's next command
 * wakes it), one marked suspended whose runtime still runs (a suspension or a wake cut short) or whose stop was
 * never told (the service died between the stop and its settling) is settled in the background, and one whose runtime
 * vanished becomes FAILED with a reason. One replica at a time runs it, under a lease.
 */
@ApplicationScoped
public class Reconciler {

    public static final String JOB = "lifecycle-reconciler";
    static final String LEASE = "reconciler";
    /**
     * Longer than any pass takes (a pass lists the runtime once and acts on what differs: seconds); a replica
     * that dies or stops mid-pass, unable to give the lease back, blocks the others this long at most.
     */
    static final Duration LEASE_DURATION = Duration.ofMinutes(1);
    private static final Logger LOG = Logger.getLogger(Reconciler.class);

    /** What one pass did; {@code ran} is false when another replica or thread held the lease. */
    public record Pass(boolean ran, List<String> orphansRemoved, List<String> vanished, List<String> overDisk) {
        static final Pass SKIPPED = new Pass(false, List.of(), List.of(), List.of());
    }

    private final SandboxProvisioner provisioner;
    private final SandboxClaims claims;
    private final SandboxJobs jobs;
    private final SandboxSuspensions suspensions;
    private final LifecycleLeases leases;
    private final long diskLimit;

    Reconciler(@ActiveBackend SandboxProvisioner provisioner, SandboxClaims claims, SandboxJobs jobs,
               SandboxSuspensions suspensions, LifecycleLeases leases, LabfleetConfig config) {
        this.provisioner = provisioner;
        this.claims = claims;
        this.jobs = jobs;
        this.suspensions = suspensions;
        this.leases = leases;
        this.diskLimit = config.sandbox().disk().asLongValue();
    }

    @Scheduled(identity = JOB, every = "${labfleet.lifecycle.reconcile-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void onSchedule() {
        try {
            reconcile();
        } catch (RuntimeException e) {
            LOG.warnf(e, "A reconciler pass failed; the next one tries again");
        }
    }

    public Pass reconcile() {
        String holder = UUID.randomUUID().toString();
        if (!leases.tryAcquire(LEASE, holder, LEASE_DURATION)) {
            return Pass.SKIPPED;
        }
        try {
            List<String> vanished = failVanished();
            List<String> orphans = removeOrphans();
            List<String> overDisk = failOverDisk();
            return new Pass(true, orphans, vanished, overDisk);
        } finally {
            leases.release(LEASE, holder);
        }
    }

    /**
     * Usable sandboxes are read before the runtime is listed: a sandbox is only usable once its runtime runs,
     * so one missing from the later listing has really vanished.
     */
    private List<String> failVanished() {
        Map<String, Sandbox.Suspension> usable = QuarkusTransaction.requiringNew().call(() ->
                Sandbox.suspensionsByIdIn(SandboxState.USABLE, provisioner.backend()));
        if (usable.isEmpty()) {
            return List.of();
        }
        Map<String, RuntimeStatus> runtime = provisioner.listManaged().stream()
                .collect(Collectors.toMap(RuntimeSandbox::sandboxId, RuntimeSandbox::status));
        List<String> failed = new ArrayList<>();
        usable.forEach((id, suspension) -> {
            RuntimeStatus status = runtime.getOrDefault(id, RuntimeStatus.ABSENT);
            boolean suspended = suspension != Sandbox.Suspension.AWAKE;
            if (status == RuntimeStatus.STOPPED && !suspended) {
                LOG.infof("Sandbox %s is usable but its runtime stopped; starting it again", id);
                jobs.restartStoppedLater(id);
            } else if (status == RuntimeStatus.RUNNING && suspended) {
                suspensions.wakeLeftRunningLater(id);
            } else if (status == RuntimeStatus.STOPPED && suspension == Sandbox.Suspension.SUSPENDED_UNTOLD) {
                suspensions.tellLeftStoppedLater(id);
            } else if (status == RuntimeStatus.ABSENT) {
                failed.addAll(claims.move(SandboxState.USABLE, SandboxCondition.id(id), SandboxState.FAILED,
                        sandbox -> VANISHED_REASON));
            }
        });
        failed.forEach(jobs::deprovisionLater);
        return failed;
    }

    static final String VANISHED_REASON = "Its runtime was removed outside Labfleet (no container or pod is left);"
            + " what was in it is lost. Create a new sandbox.";

    /**
     * A sandbox above its disk limit ends FAILED and is torn down: a learner filling the host's disk would stop
     * every other sandbox on it. Measured where the backend cannot enforce the limit itself.
     */
    private List<String> failOverDisk() {
        Map<String, Long> usage = provisioner.diskUsage();
        List<String> failed = new ArrayList<>();
        usage.forEach((id, bytes) -> {
            if (bytes > diskLimit) {
                failed.addAll(claims.move(SandboxState.USABLE, SandboxCondition.id(id), SandboxState.FAILED,
                        sandbox -> overDiskReason(bytes, diskLimit)));
            }
        });
        failed.forEach(jobs::deprovisionLater);
        return failed;
    }

    static String overDiskReason(long used, long limit) {
        return "It used " + gibibytes(used) + " of disk, more than the " + gibibytes(limit) + " a sandbox may use"
                + " (images, containers, volumes and logs together); it was stopped so that the host's disk does"
                + " not fill up. Create a new sandbox, and remove what you no longer need (docker system prune)"
                + " before reaching the limit.";
    }

    private static String gibibytes(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f GiB", bytes / (1024.0 * 1024 * 1024));
    }

    /**
     * The runtime is listed before rows are read: a sandbox's row is written before anything is created for
     * it, so an object listed here with no live row is a leftover.
     */
    private List<String> removeOrphans() {
        List<String> managed = provisioner.listManaged().stream().map(RuntimeSandbox::sandboxId).toList();
        if (managed.isEmpty()) {
            return List.of();
        }
        Map<String, SandboxState> states = QuarkusTransaction.requiringNew().call(() -> Sandbox.statesOf(managed));
        List<String> removed = new ArrayList<>();
        for (String id : managed) {
            Optional<SandboxState> state = Optional.ofNullable(states.get(id));
            if (state.map(SandboxState::isFinal).orElse(true)) {
                LOG.infof("Removing leftovers of sandbox %s (%s)", id,
                        state.map(s -> "it is " + s).orElse("no such sandbox in the database"));
                try {
                    provisioner.deprovision(id);
                    removed.add(id);
                } catch (RuntimeException e) {
                    LOG.warnf(e, "Could not remove the leftovers of sandbox %s; the next pass tries again", id);
                }
            }
        }
        return removed;
    }
}
