package io.labfleet.sandbox;

import io.labfleet.commons.ServiceThreads;
import io.labfleet.config.LifecycleConfig;
import io.labfleet.provisioner.ActiveBackend;
import io.labfleet.provisioner.RuntimeStatus;
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
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Idle sandboxes hold no memory: one nobody used for {@code labfleet.lifecycle.suspend-after}, and in which none of
 * the learner's containers runs, has its runtime stopped with everything in it kept ({@link Sandbox#suspendedAt});
 * its learner's next command, check or terminal wakes it ({@link #wake}, {@link #ensureAwake}) and waits the few
 * seconds its daemon takes to start. It stays READY (or EXPIRING) all along: suspension is the service's business,
 * not the learner's.
 *
 * <p>How suspension and use never cross, on one replica or several: a suspension marks the row, under its lock, only
 * if the sandbox's recorded activity is still old enough, and stops the runtime after that; a use that finds the
 * sandbox idle for a while records its activity with an update that matches only an unmarked row (so it either lands
 * before the mark, which then does not happen, or finds the mark and wakes the sandbox). A wake starts the runtime
 * while it holds the row's lock, and a suspension reads the row under that lock once its stop is done: a wake that
 * came during the stop is seen, and the sandbox started again.
 */
@ApplicationScoped
public class SandboxSuspensions {

    private static final Logger LOG = Logger.getLogger(SandboxSuspensions.class);
    /** Longer than a start and its daemon's readiness take ({@code labfleet.docker.ready-timeout} and the calls). */
    private static final int WAKE_TRANSACTION_SECONDS = 300;
    /**
     * How old a mark must be before the reconciler takes it for one a crash left (on a running sandbox, or on a stopped
     * one never told): longer than a stop ({@code docker stop}'s 10 s) and a wake's start with its daemon's readiness
     * take.
     */
    static final Duration LEFT_BEHIND_AFTER = Duration.ofMinutes(5);
    /** Wakes at once; more wait their turn (after an outage every returning learner asks for one). */
    private static final int WAKE_THREADS = 8;

    private final SandboxProvisioner provisioner;
    private final SandboxClaims claims;
    private final SandboxEvents events;
    private final RecentUse recentUse;
    private final Duration suspendAfter;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final ExecutorService suspends;
    private final ExecutorService wakes;
    private final Map<String, CompletableFuture<Void>> waking = new ConcurrentHashMap<>();
    /** Sandboxes this replica has marked and is stopping: a wake here waits for the stop rather than race it. */
    private final Map<String, CompletableFuture<Void>> stopping = new ConcurrentHashMap<>();
    /**
     * Sandboxes the reconciler found marked and left behind, being settled: running ({@link #wakeLeftRunningLater}) or
     * stopped and untold ({@link #tellLeftStoppedLater}); each task checks its own case under the row's lock.
     */
    private final Map<String, CompletableFuture<Boolean>> settling = new ConcurrentHashMap<>();
    /** Sandboxes found running containers (or whose suspension failed), and until when they are not asked again. */
    private final Map<String, Instant> notBefore = new ConcurrentHashMap<>();

    SandboxSuspensions(@ActiveBackend SandboxProvisioner provisioner, SandboxClaims claims, SandboxEvents events,
                       RecentUse recentUse, LifecycleConfig lifecycle, Clock clock, ServiceThreads threads,
                       MeterRegistry metrics) {
        this.provisioner = provisioner;
        this.claims = claims;
        this.events = events;
        this.recentUse = recentUse;
        this.suspendAfter = lifecycle.suspendAfter();
        this.clock = clock;
        this.metrics = metrics;
        this.suspends = threads.pool("sandbox-suspends", 2);
        this.wakes = threads.pool("sandbox-wakes", WAKE_THREADS);
    }

    /**
     * Claims the sandboxes without activity since {@code idleSince} and suspends them in the background; one found
     * running containers, or whose suspension failed, is asked again after {@code retryAfter}.
     *
     * @return the ids of the sandboxes claimed for it (those found busy or in use stay running)
     */
    public List<String> suspendIdleLater(Instant idleSince, Duration retryAfter) {
        if (!provisioner.can(SandboxProvisioner.Capability.SUSPEND)) {
            return List.of();
        }
        Instant now = clock.instant();
        notBefore.values().removeIf(until -> !until.isAfter(now));
        List<String> taken = claims.claimForJobs(SandboxState.USABLE,
                SandboxCondition.suspendable(idleSince, now, List.copyOf(notBefore.keySet())));
        for (String sandboxId : taken) {
            try {
                suspends.execute(() -> {
                    MDC.put("sandbox", sandboxId);
                    try {
                        suspend(sandboxId, idleSince, now.plus(retryAfter));
                    } catch (RuntimeException e) {
                        LOG.warnf(e, "Sandbox %s: its suspension failed", sandboxId);
                    } finally {
                        claims.releaseJobClaimWhile(sandboxId, SandboxState.USABLE);
                        MDC.remove("sandbox");
                    }
                });
            } catch (RejectedExecutionException shuttingDown) {
                claims.releaseJobClaimWhile(sandboxId, SandboxState.USABLE);
            }
        }
        return taken;
    }

    private void suspend(String sandboxId, Instant idleSince, Instant retryAt) {
        if (recentUse.inUse(sandboxId)) {
            return; // A channel is open here, or one was used since activity was last written: not idle.
        }
        if (runsContainers(sandboxId, retryAt)) {
            return;
        }
        // Before the mark: a wake here that reads the mark finds the stop to wait for.
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        stopping.put(sandboxId, stopped);
        try {
            mark(sandboxId, idleSince, clock.instant())
                    .ifPresent(marked -> stopMarked(sandboxId, marked.reason, idleSince, retryAt));
        } finally {
            stopping.remove(sandboxId, stopped);
            stopped.complete(null);
        }
    }

    /**
     * Whether a learner's container runs in the sandbox, asked before its row is touched: then it is left alone, and
     * not asked again before {@code retryAt} (nor is one the backend could not answer for).
     */
    private boolean runsContainers(String sandboxId, Instant retryAt) {
        boolean busy;
        try {
            busy = provisioner.runsContainers(sandboxId);
        } catch (RuntimeException e) {
            notBefore.put(sandboxId, retryAt);
            counted("failed");
            throw e;
        }
        if (busy) {
            notBefore.put(sandboxId, retryAt);
            counted("busy");
            LOG.debugf("Sandbox %s is idle but runs containers: not suspended", sandboxId);
        }
        return busy;
    }

    /**
     * Marks the sandbox suspended if it still may be; the row as marked, if it did. Only {@code suspendedAt} is written: its reason
     * and its event streams tell of the suspension once the runtime is stopped ({@link #settleStopped}), so one
     * left running after all (a container started meanwhile, a failed stop) was never announced.
     */
    private Optional<Sandbox> mark(String sandboxId, Instant idleSince, Instant now) {
        return claims.updateUnpublished(sandboxId, sandbox -> {
            // Read again under the lock: the learner may have come back since the claim (on any replica).
            if (!SandboxState.USABLE.contains(sandbox.state) || sandbox.suspendedAt != null
                    || sandbox.lastActivityAt == null || sandbox.lastActivityAt.isAfter(idleSince)) {
                return false;
            }
            sandbox.suspendedAt = now;
            return true;
        });
    }

    private void stopMarked(String sandboxId, String reasonAtMark, Instant idleSince, Instant retryAt) {
        boolean stopped;
        try {
            stopped = provisioner.suspend(sandboxId);
        } catch (RuntimeException e) {
            notBefore.put(sandboxId, retryAt);
            unmark(sandboxId);
            counted("failed");
            throw e;
        }
        if (!stopped) {
            notBefore.put(sandboxId, retryAt);
            unmark(sandboxId);
            counted("busy");
            LOG.debugf("Sandbox %s started a container while it was being suspended: not suspended", sandboxId);
            return;
        }
        boolean settled;
        try {
            settled = settleStopped(sandboxId, reasonAtMark, idleSince);
        } catch (RuntimeException e) {
            counted("failed");
            throw e;
        }
        counted(settled ? "suspended" : "restarted");
    }

    /**
     * Once the runtime is stopped, reads the row under its lock: woken meanwhile (on another replica, or by the
     * reconciler), it is started again; still marked, its reason says so, unless something else wrote one since
     * the mark (its expiry's warning, which the learner must read, is kept), and its followers are told, from the
     * row as read there.
     *
     * @return whether it stays suspended (not started again)
     */
    private boolean settleStopped(String sandboxId, String reasonAtMark, Instant idleSince) {
        if (startUnderLock(sandboxId, false, sandbox -> sandbox.suspendedAt == null)) {
            LOG.infof("Sandbox %s was woken while it was being suspended; started again", sandboxId);
            return false;
        }
        boolean told = tellSuspended(sandboxId, sandbox -> sandbox.suspendedAt != null
                && Objects.equals(sandbox.reason, reasonAtMark));
        LOG.infof("Sandbox %s suspended: no activity since before %s%s", sandboxId, idleSince,
                told ? "" : " (its reason changed meanwhile, or it was woken or ended since: left as it is)");
        return true;
    }

    /**
     * When the sandbox, read under its lock, is usable and {@code due}: its reason says it is suspended, and its
     * followers are told.
     *
     * @return whether it was told
     */
    private boolean tellSuspended(String sandboxId, Predicate<Sandbox> due) {
        return claims.update(sandboxId, sandbox -> {
            if (!SandboxState.USABLE.contains(sandbox.state) || !due.test(sandbox)) {
                return false;
            }
            sandbox.reason = "Suspended at " + sandbox.suspendedAt + ": nobody used it for a while, so its Docker"
                    + " engine was stopped with everything in it kept. Your next docker command, check or terminal"
                    + " wakes it (a few seconds).";
            sandbox.updatedAt = clock.instant();
            return true;
        }).isPresent();
    }

    private void counted(String outcome) {
        metrics.counter("labfleet.sandbox.suspensions", "outcome", outcome).increment();
    }

    /** Takes the (unannounced) mark back from a sandbox left running. */
    private void unmark(String sandboxId) {
        claims.updateUnpublished(sandboxId, sandbox -> {
            if (sandbox.suspendedAt == null) {
                return false;
            }
            sandbox.suspendedAt = null;
            return true;
        });
    }

    /**
     * Settles, in the background, a sandbox the reconciler found marked suspended with its runtime running: a
     * suspension that died between its mark and its stop (the service was killed), or a wake that started the
     * runtime and then failed or died before it committed. Left alone, it would run marked until its learner came
     * back, its memory held. When, under the row's lock, it is still marked, no replica's claim is on it (a
     * suspension under way holds its claim until its stop is settled) and its runtime still runs, it is woken the
     * usual way (which records where its daemon answers now, as a restart may have moved it); idle, it is suspended
     * again by a later pass.
     *
     * @return completes with whether it was woken (an ask while one is under way gets that one's)
     */
    public CompletableFuture<Boolean> wakeLeftRunningLater(String sandboxId) {
        return onWakePool(sandboxId, settling, () -> {
            boolean woken = startUnderLock(sandboxId, false, this::leftRunning);
            if (woken) {
                LOG.infof("Sandbox %s was marked suspended but its runtime ran: woken", sandboxId);
            }
            return woken;
        }, e -> {
            LOG.warnf("Sandbox %s, marked suspended with its runtime running, was not settled: %s", sandboxId,
                    e.getMessage());
            return e;
        });
    }

    /**
     * Settles, in the background, a sandbox the reconciler found marked suspended and stopped whose suspension was
     * never told: the service died between the stop and its settling, so its reason and its event streams still say
     * what they said before. When, under the row's lock, it is still untold ({@link Sandbox#suspensionUntold}: an
     * expiring one keeps its warning), left behind (as {@link #leftBehind} says) and its runtime still stopped (the
     * engine is asked again there), its reason says it is suspended and its followers are told; it stays stopped, and
     * its learner's next use wakes it as any other.
     *
     * @return completes with whether it was told (an ask while one is under way gets that one's)
     */
    public CompletableFuture<Boolean> tellLeftStoppedLater(String sandboxId) {
        return onWakePool(sandboxId, settling, () -> {
            boolean told = tellSuspended(sandboxId, sandbox -> sandbox.suspensionUntold() && leftBehind(sandbox)
                    && provisioner.status(sandboxId) == RuntimeStatus.STOPPED);
            if (told) {
                LOG.infof("Sandbox %s was stopped and marked suspended but never told so: told", sandboxId);
            }
            return told;
        }, e -> {
            LOG.warnf("Sandbox %s, stopped and marked suspended, was not told so: %s", sandboxId, e.getMessage());
            return e;
        });
    }

    /** Left behind (see {@link #leftBehind}) with its runtime running. */
    private boolean leftRunning(Sandbox sandbox) {
        return leftBehind(sandbox) && provisioner.status(sandbox.id) == RuntimeStatus.RUNNING;
    }

    /**
     * Marked long enough ago that no suspension can still be under way (its replica's claim may have lapsed while it
     * was slow), no replica's claim on it, and not being stopped by this replica.
     */
    private boolean leftBehind(Sandbox sandbox) {
        Instant now = clock.instant();
        boolean claimed = sandbox.claimedBy != null && sandbox.claimedUntil != null && sandbox.claimedUntil.isAfter(now);
        return sandbox.suspendedAt != null && sandbox.suspendedAt.isBefore(now.minus(LEFT_BEHIND_AFTER)) && !claimed
                && !stopping.containsKey(sandbox.id);
    }

    /**
     * Whether a sandbox about to be used, last active at {@code lastActivityAt} as its row said when read, is awake
     * and stays so: one active lately is (no database write); one idle for a while has its activity recorded now,
     * unless it was suspended meanwhile.
     *
     * @return false when it is suspended and must be woken first ({@link #wake})
     */
    public boolean staysAwake(String sandboxId, Instant lastActivityAt) {
        if (suspendAfter.isZero() || lastActivityAt == null
                || lastActivityAt.isAfter(clock.instant().minus(suspendAfter.dividedBy(2)))) {
            return true;
        }
        return recordUseUnlessSuspended(sandboxId);
    }

    /**
     * Makes sure a sandbox about to be used (a check, a terminal) is awake and stays so: records its activity now, or
     * wakes it and waits when it is suspended.
     *
     * @return whether it had to be woken (where its daemon answers may have changed)
     * @throws SandboxNotWokenException saying why, in words for its learner
     */
    public boolean ensureAwake(String sandboxId) {
        if (recordUseUnlessSuspended(sandboxId)) {
            return false;
        }
        wakeAndWait(sandboxId);
        return true;
    }

    private boolean recordUseUnlessSuspended(String sandboxId) {
        return QuarkusTransaction.requiringNew().call(() -> Sandbox.update("lastActivityAt = ?1 where id = ?2"
                + " and suspendedAt is null", clock.instant(), sandboxId)) > 0;
    }

    /**
     * Wakes the sandbox if it is suspended: starts its runtime again and records where its daemon answers. Callers
     * of this replica asking at once share one wake; it completes at once for a sandbox that runs. A wake waits for
     * a stop this replica has under way; one another replica has under way is started again after its stop (see
     * the class).
     *
     * @return completes once the sandbox runs; exceptionally with a {@link SandboxNotWokenException}, whose message is
     *         for its learner, when it could not be woken (its row stays suspended, with everything in it) or is no
     *         longer usable
     */
    public CompletableFuture<Void> wake(String sandboxId) {
        return onWakePool(sandboxId, waking, () -> {
            CompletableFuture<Void> stop = stopping.get(sandboxId);
            if (stop != null) {
                stop.join();
            }
            wakeNow(sandboxId);
            return null;
        }, e -> {
            LOG.warnf("Sandbox %s could not be woken: %s", sandboxId, e.getMessage());
            return new SandboxNotWokenException(notWoken(sandboxId, e), e);
        });
    }

    /**
     * Runs {@code work} for the sandbox on the wake pool, one at a time per sandbox among those {@code underWay}: an
     * ask while one is under way gets its future. A failure, or the pool refusing work as the service stops, completes
     * the future with what {@code failure} makes of it.
     */
    private <T> CompletableFuture<T> onWakePool(String sandboxId, Map<String, CompletableFuture<T>> underWay,
                                                Callable<T> work, Function<Throwable, Throwable> failure) {
        CompletableFuture<T> done = new CompletableFuture<>();
        CompletableFuture<T> already = underWay.putIfAbsent(sandboxId, done);
        if (already != null) {
            return already;
        }
        try {
            wakes.execute(() -> {
                MDC.put("sandbox", sandboxId);
                try {
                    T result = work.call();
                    underWay.remove(sandboxId, done);
                    done.complete(result);
                } catch (Throwable e) {
                    underWay.remove(sandboxId, done);
                    done.completeExceptionally(failure.apply(e));
                } finally {
                    MDC.remove("sandbox");
                }
            });
        } catch (RejectedExecutionException stopping) {
            underWay.remove(sandboxId, done);
            done.completeExceptionally(failure.apply(new IllegalStateException("the service is stopping", stopping)));
        }
        return done;
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
        long start = System.nanoTime();
        String outcome = "failed";
        try {
            if (startUnderLock(sandboxId, true, sandbox -> sandbox.suspendedAt != null)) {
                outcome = "woken";
            } else {
                outcome = "awake";
            }
        } finally {
            long took = System.nanoTime() - start;
            metrics.timer("labfleet.sandbox.wakes", "outcome", outcome).record(took, TimeUnit.NANOSECONDS);
            if (!"awake".equals(outcome)) {
                LOG.infof("Sandbox %s %s in %d ms", sandboxId, "woken".equals(outcome) ? "woken" : "not woken",
                        took / 1_000_000);
            }
        }
    }

    /**
     * Starts the sandbox's runtime and records it awake, holding its row's lock all along, when {@code due} says so
     * of the locked row; publishes the change.
     *
     * @param mustBeUsable whether a sandbox no longer usable (deleted, expired) is an error rather than nothing to do
     * @return whether it was started
     * @throws IllegalStateException when the sandbox must be usable and is not
     */
    private boolean startUnderLock(String sandboxId, boolean mustBeUsable, Predicate<Sandbox> due) {
        Sandbox woken = QuarkusTransaction.requiringNew().timeout(WAKE_TRANSACTION_SECONDS).call(() -> {
            Sandbox sandbox = Sandbox.lock(sandboxId);
            if (sandbox == null || !SandboxState.USABLE.contains(sandbox.state)) {
                if (mustBeUsable) {
                    throw new IllegalStateException("it is no longer usable");
                }
                return null;
            }
            if (!due.test(sandbox)) {
                return null;
            }
            var runtime = provisioner.resume(sandboxId);
            Instant now = clock.instant();
            sandbox.suspendedAt = null;
            sandbox.daemonHost = runtime.daemonHost();
            sandbox.daemonPort = runtime.daemonPort();
            sandbox.lastActivityAt = now;
            sandbox.reason = "Woken at " + now + " after a suspension; everything in it was kept.";
            sandbox.updatedAt = now;
            return sandbox;
        });
        if (woken == null) {
            return false;
        }
        events.publish(SandboxEvent.state(woken));
        return true;
    }
}
