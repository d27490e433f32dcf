package io.labfleet.lifecycle;

import io.labfleet.config.LabfleetConfig;
import io.labfleet.config.LifecycleConfig;
import io.labfleet.sandbox.SandboxClaims;
import io.labfleet.sandbox.SandboxCondition;
import io.labfleet.sandbox.SandboxJobs;
import io.labfleet.sandbox.SandboxState;
import io.labfleet.sandbox.SandboxSuspensions;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Moves sandboxes along as time passes: expired or idle ones are torn down, those unused for a while suspended
 * ({@link SandboxSuspensions}), those near expiry become EXPIRING,
 * and work a crash left half done is picked up again (REQUESTED never provisioned, PROVISIONING interrupted or
 * stuck, TERMINATING not finished): at once when the replica that held it is gone (see {@link SandboxClaims#takeOver}). Every change is claimed through the database ({@link SandboxClaims}), so several
 * replicas can reap at once without doing anything twice.
 */
@ApplicationScoped
public class ExpiryReaper {

    public static final String JOB = "lifecycle-reaper";
    private static final Logger LOG = Logger.getLogger(ExpiryReaper.class);
    private static final Set<SandboxState> EXPIRABLE =
            EnumSet.of(SandboxState.REQUESTED, SandboxState.READY, SandboxState.EXPIRING);

    /**
     * What one pass did, by sandbox id; {@code stuck} did not finish provisioning in time, {@code imagesLate} were
     * READY and still waited for their lab's images that long (both failed); {@code suspended} are those taken for a
     * suspension (one found running a learner's container, or with a channel open, stays running).
     */
    public record Pass(List<String> expired, List<String> idle, List<String> warned, List<String> stuck,
                       List<String> imagesLate, List<String> resumed, List<String> seeded,
                       List<String> teardownsRetried, List<String> requeued, List<String> suspended) {
    }

    private final SandboxClaims claims;
    private final SandboxJobs jobs;
    private final SandboxSuspensions suspensions;
    private final LifecycleConfig lifecycle;
    private final Duration provisioningTimeout;
    private final Clock clock;

    ExpiryReaper(SandboxClaims claims, SandboxJobs jobs, SandboxSuspensions suspensions, LifecycleConfig lifecycle,
                 LabfleetConfig labfleet, Clock clock) {
        this.claims = claims;
        this.jobs = jobs;
        this.suspensions = suspensions;
        this.lifecycle = lifecycle;
        this.provisioningTimeout = labfleet.sandbox().provisioningTimeout();
        this.clock = clock;
    }

    @Scheduled(identity = JOB, every = "${labfleet.lifecycle.reap-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void onSchedule() {
        try {
            reap();
        } catch (RuntimeException e) {
            LOG.warnf(e, "A reaper pass failed; the next one tries again");
        }
    }

    public Pass reap() {
        Instant now = clock.instant();
        List<String> expired = claims.move(EXPIRABLE, SandboxCondition.expiresBy(now),
                SandboxState.TERMINATING, sandbox -> "Expired at " + sandbox.expiresAt + ".");
        expired.forEach(jobs::deprovisionLater);

        List<String> idle = List.of();
        Duration idleTimeout = lifecycle.idleTimeout();
        if (!idleTimeout.isZero()) {
            idle = claims.move(SandboxState.USABLE, SandboxCondition.inactiveSince(now.minus(idleTimeout)),
                    SandboxState.TERMINATING,
                    sandbox -> "Idle for " + minutes(idleTimeout) + ": no SSH or Docker activity since "
                            + sandbox.lastActivityAt + ".");
            idle.forEach(jobs::deprovisionLater);
        }

        // After the idle timeout's teardowns: a sandbox idle that long is ended, not suspended.
        List<String> suspended = List.of();
        Duration suspendAfter = lifecycle.suspendAfter();
        if (!suspendAfter.isZero()) {
            suspended = suspensions.suspendIdleLater(now.minus(suspendAfter), suspendAfter);
        }

        List<String> warned = claims.move(EnumSet.of(SandboxState.READY),
                SandboxCondition.expiresBy(now.plus(lifecycle.expiryWarning())), SandboxState.EXPIRING,
                sandbox -> "Expires at " + sandbox.expiresAt + "; extend it to keep working.");

        List<String> stuck = claims.move(EnumSet.of(SandboxState.PROVISIONING),
                SandboxCondition.unchangedSince(now.minus(provisioningTimeout)), SandboxState.FAILED,
                sandbox -> "Provisioning did not finish within " + minutes(provisioningTimeout)
                        + " (labfleet.sandbox.provisioning-timeout); whatever it created is being removed.");
        stuck.forEach(jobs::deprovisionLater);

        List<String> resumed = claims.takeOver(SandboxState.PROVISIONING, SandboxCondition.NONE);
        resumed.forEach(jobs::resumeProvisioningLater);

        // A seeding that hangs keeps its claim: past the provisioning's time, the sandbox fails all the same.
        List<String> imagesLate = claims.move(SandboxState.USABLE,
                SandboxCondition.imagesPendingSince(now.minus(provisioningTimeout)), SandboxState.FAILED,
                sandbox -> "The lab's images did not go in within " + minutes(provisioningTimeout)
                        + " of it being READY (labfleet.sandbox.provisioning-timeout); it is being removed. Create a"
                        + " new sandbox; if this happens again, tell your instructor.");
        imagesLate.forEach(jobs::deprovisionLater);

        List<String> seeded = claims.takeOver(SandboxState.USABLE, SandboxCondition.imagesPending(),
                SandboxCondition.imagesPending());
        seeded.forEach(jobs::seedImagesLater);

        List<String> retried = claims.takeOver(SandboxState.TERMINATING,
                SandboxCondition.unchangedSince(now.minus(lifecycle.teardownRetryAfter())));
        retried.forEach(jobs::deprovisionLater);

        List<String> requeued = claims.takeOver(SandboxState.REQUESTED,
                SandboxCondition.unchangedSince(now.minus(lifecycle.requestedGrace())));
        requeued.forEach(jobs::provisionLater);

        Pass pass = new Pass(expired, idle, warned, stuck, imagesLate, resumed, seeded, retried, requeued, suspended);
        if (!resumed.isEmpty() || !seeded.isEmpty() || !retried.isEmpty() || !requeued.isEmpty()) {
            LOG.infof("Reaper picked up interrupted work: provisionings %s resumed, images %s seeded, teardowns %s,"
                    + " requests %s", resumed, seeded, retried, requeued);
        }
        return pass;
    }

    private static String minutes(Duration duration) {
        return duration.toSeconds() % 60 == 0 ? duration.toMinutes() + " min" : duration.toSeconds() + " s";
    }
}
