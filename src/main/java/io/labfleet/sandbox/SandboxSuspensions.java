package io.labfleet.sandbox;

import io.labfleet.commons.ServiceThreads;
import io.labfleet.provisioner.ActiveBackend;
import io.labfleet.provisioner.ProvisionedSandbox;
import io.labfleet.provisioner.SandboxProvisioner;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Idle sandboxes hold no memory: one nobody used for {@code labfleet.lifecycle.suspend-after}, and in which none of
 * the learner's containers runs, has its runtime stopped with everything in it kept ({@link Sandbox#suspendedAt});
 * its learner's next command, check or terminal wakes it ({@link #wake}) and waits the few seconds its daemon takes
 * to start. It stays READY (or EXPIRING) all along: suspension is the service's business, not the learner's.
 *
 * <p>A sandbox is marked suspended before its runtime stops, so that whoever reads the mark wakes it rather than
 * connecting to a daemon about to stop; a wake on this replica waits for a suspension under way here, and a
 * suspension that finds itself woken meanwhile starts the sandbox again.
 */
@ApplicationScoped
public class SandboxSuspensions {

    private static final Logger LOG = Logger.getLogger(SandboxSuspensions.class);
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final SandboxProvisioner provisioner;
    private final SandboxClaims claims;
    private final OpenChannels channels;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final ExecutorService suspends;
    private final ExecutorService wakes;
    private final Map<String, CompletableFuture<Void>> suspending = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Void>> waking = new ConcurrentHashMap<>();
    /** Sandboxes found running containers, and until when they are not asked again. */
    private final Map<String, Instant> busyUntil = new ConcurrentHashMap<>();

    SandboxSuspensions(@ActiveBackend SandboxProvisioner provisioner, SandboxClaims claims, OpenChannels channels,
                       Clock clock, ServiceThreads threads, MeterRegistry metrics) {
        this.provisioner = provisioner;
        this.metrics = metrics;
        this.claims = claims;
        this.channels = channels;
        this.clock = clock;
        this.suspends = threads.pool("sandbox-suspends", 2);
        this.wakes = threads.cachedPool("sandbox-wakes");
    }

    /**
     * Claims the sandboxes without activity since {@code idleSince} and suspends them in the background; one found
     * running containers is asked again after {@code busyRetry}.
     *
     * @return the ids of the sandboxes claimed for it (those found busy or in use stay running)
     */
    public List<String> suspendIdleLater(Instant idleSince, Duration busyRetry) {
        if (!provisioner.can(SandboxProvisioner.Capability.SUSPEND)) {
            return List.of();
        }
        Instant now = clock.instant();
        busyUntil.values().removeIf(until -> !until.isAfter(now));
        List<String> taken = claims.claimForJobs(SandboxState.USABLE,
                SandboxCondition.suspendable(idleSince, List.copyOf(busyUntil.keySet())));
        for (String sandboxId : taken) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            suspending.put(sandboxId, done);
            try {
                suspends.execute(() -> {
                    MDC.put("sandbox", sandboxId);
                    try {
                        suspend(sandboxId, now.plus(busyRetry));
                    } catch (RuntimeException e) {
                        LOG.warnf(e, "Sandbox %s could not be suspended; it runs on", sandboxId);
                        unmark(sandboxId, null);
                        counted("failed");
                    } finally {
                        claims.releaseJobClaim(sandboxId);
                        suspending.remove(sandboxId, done);
                        done.complete(null);
                        MDC.remove("sandbox");
                    }
                });
            } catch (RejectedExecutionException stopping) {
                suspending.remove(sandboxId, done);
                done.complete(null);
                claims.releaseJobClaim(sandboxId);
            }
        }
        return taken;
    }

    private void suspend(String sandboxId, Instant retryBusyAt) {
        if (channels.anyOpen(sandboxId)) {
            return; // In use here right now: the next flush of its activity says so.
        }
        Instant now = clock.instant();
        String[] reasonBefore = new String[1];
        boolean marked = claims.update(sandboxId, sandbox -> {
            if (!SandboxState.USABLE.contains(sandbox.state) || sandbox.suspendedAt != null) {
                return false;
            }
            reasonBefore[0] = sandbox.reason;
            sandbox.suspendedAt = now;
            sandbox.reason = "Suspended at " + now + ": nobody used it for a while, so its Docker engine was stopped"
                    + " with everything in it kept. Your next docker command, check or terminal wakes it (a few"
                    + " seconds).";
            sandbox.updatedAt = now;
            return true;
        }).isPresent();
        if (!marked) {
            return;
        }
        if (!provisioner.suspend(sandboxId)) {
            busyUntil.put(sandboxId, retryBusyAt);
            unmark(sandboxId, reasonBefore[0]);
            counted("busy");
            LOG.debugf("Sandbox %s is idle but runs containers: not suspended", sandboxId);
            return;
        }
        boolean wokenMeanwhile = QuarkusTransaction.requiringNew().call(() -> {
            Sandbox sandbox = Sandbox.findById(sandboxId);
            return sandbox != null && SandboxState.USABLE.contains(sandbox.state) && sandbox.suspendedAt == null;
        });
        if (wokenMeanwhile) {
            LOG.infof("Sandbox %s was woken while it was being suspended; starting it again", sandboxId);
            recordWoken(sandboxId, provisioner.resume(sandboxId));
        } else {
            LOG.infof("Sandbox %s suspended: no activity since before %s", sandboxId, now);
        }
        counted("suspended");
    }

    private void counted(String outcome) {
        metrics.counter("labfleet.sandbox.suspensions", "outcome", outcome).increment();
    }

    /** Takes the mark back from a sandbox left running, with the reason it had before (or as it is, if null). */
    private void unmark(String sandboxId, String reason) {
        claims.update(sandboxId, sandbox -> {
            if (sandbox.suspendedAt == null) {
                return false;
            }
            sandbox.suspendedAt = null;
            if (reason != null) {
                sandbox.reason = reason;
            }
            sandbox.updatedAt = clock.instant();
            return true;
        });
    }

    /**
     * Wakes the sandbox if it is suspended: starts its runtime again and records where its daemon answers. Callers
     * of this replica asking at once share one wake; it completes at once for a sandbox that runs.
     *
     * @return completes once the sandbox runs; exceptionally with a {@link SandboxNotWokenException}, whose message is
     *         for its learner, when it could not be woken (it stays suspended, with everything in it) or is no longer
     *         usable
     */
    public CompletableFuture<Void> wake(String sandboxId) {
        CompletableFuture<Void> woken = new CompletableFuture<>();
        CompletableFuture<Void> already = waking.putIfAbsent(sandboxId, woken);
        if (already != null) {
            return already;
        }
        try {
            wakes.execute(() -> {
                MDC.put("sandbox", sandboxId);
                try {
                    suspending.getOrDefault(sandboxId, DONE).join();
                    wakeNow(sandboxId);
                    waking.remove(sandboxId, woken);
                    woken.complete(null);
                } catch (RuntimeException e) {
                    LOG.warnf("Sandbox %s could not be woken: %s", sandboxId, e.getMessage());
                    waking.remove(sandboxId, woken);
                    woken.completeExceptionally(new SandboxNotWokenException(notWoken(sandboxId, e), e));
                } finally {
                    MDC.remove("sandbox");
                }
            });
        } catch (RejectedExecutionException stopping) {
            waking.remove(sandboxId, woken);
            woken.completeExceptionally(new SandboxNotWokenException(notWoken(sandboxId,
                    new IllegalStateException("the service is stopping")), stopping));
        }
        return woken;
    }

    /**
     * Like {@link #wake}, waiting for it.
     *
     * @throws SandboxNotWokenException saying why, in words for its learner
     */
    public void wakeAndWait(String sandboxId) {
        try {
            wake(sandboxId).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof SandboxNotWokenException failure ? failure
                    : new SandboxNotWokenException(notWoken(sandboxId, e.getCause()), e.getCause());
        }
    }

    private static String notWoken(String sandboxId, Throwable cause) {
        return "Sandbox " + sandboxId + " was suspended (nobody used it for a while) and could not be woken: "
                + cause.getMessage() + ". Everything in it is kept; try again in a moment.";
    }

    private void wakeNow(String sandboxId) {
        Sandbox sandbox = QuarkusTransaction.requiringNew().call(() -> Sandbox.<Sandbox>findById(sandboxId));
        if (sandbox == null || !SandboxState.USABLE.contains(sandbox.state)) {
            throw new IllegalStateException("it is no longer usable");
        }
        if (sandbox.suspendedAt == null) {
            return;
        }
        long start = System.nanoTime();
        String outcome = "failed";
        try {
            recordWoken(sandboxId, provisioner.resume(sandboxId));
            outcome = "woken";
        } finally {
            long took = System.nanoTime() - start;
            metrics.timer("labfleet.sandbox.wakes", "outcome", outcome).record(took, TimeUnit.NANOSECONDS);
            LOG.infof("Sandbox %s %s in %d ms", sandboxId, "woken".equals(outcome) ? "woken" : "not woken",
                    took / 1_000_000);
        }
    }

    private void recordWoken(String sandboxId, ProvisionedSandbox runtime) {
        Instant now = clock.instant();
        claims.update(sandboxId, sandbox -> {
            if (!SandboxState.USABLE.contains(sandbox.state)) {
                return false;
            }
            sandbox.suspendedAt = null;
            sandbox.daemonHost = runtime.daemonHost();
            sandbox.daemonPort = runtime.daemonPort();
            sandbox.lastActivityAt = now;
            sandbox.reason = "Woken at " + now + " after a suspension; everything in it was kept.";
            sandbox.updatedAt = now;
            return true;
        });
    }
}
