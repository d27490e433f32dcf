package io.labfleet.sandbox;

import io.labfleet.commons.ServiceThreads;
import io.labfleet.config.LabfleetConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Every way into a sandbox (a channel of its docker context, a check, the terminal) waits here while its lab's images
 * are still going in ({@link Sandbox#imagesPending}): a learner's first command must find them, never start a pull.
 * The row is read every {@link #POLL} until they are in, whichever replica puts them in; waiters of this replica
 * share one read per sandbox. A sandbox that failed or ended meanwhile, or whose images take longer than a
 * provisioning may, is refused with words for its learner.
 */
@ApplicationScoped
public class SandboxImagesWait {

    private static final Logger LOG = Logger.getLogger(SandboxImagesWait.class);
    static final Duration POLL = Duration.ofMillis(50);

    private final Duration timeout;
    private final ScheduledExecutorService timer;
    /** Where the row is read and the waiters go on (a channel opens there): never the timer's one thread. */
    private final ExecutorService polls;
    private final Map<String, CompletableFuture<Void>> waiting = new ConcurrentHashMap<>();

    SandboxImagesWait(LabfleetConfig config, ServiceThreads threads) {
        // Past the provisioning timeout the reaper fails a sandbox still waiting: its waiters then read why.
        this.timeout = config.sandbox().provisioningTimeout().plusMinutes(1);
        this.timer = threads.scheduler("sandbox-images-timer");
        this.polls = threads.cachedPool("sandbox-images-wait");
    }

    /** What a wait reads of the row: its state, whether the images are still pending, and its reason. */
    private record Seen(SandboxState state, boolean pending, String reason) {
        static Optional<Seen> of(String sandboxId) {
            return QuarkusTransaction.requiringNew().call(() -> Sandbox.<Sandbox>findByIdOptional(sandboxId)
                    .map(sandbox -> new Seen(sandbox.state, sandbox.imagesPending, sandbox.reason)));
        }
    }

    /**
     * Completes once the sandbox's lab images are in (at once when they are); exceptionally with a
     * {@link SandboxImagesNotInException} when the sandbox failed or ended meanwhile, or the images took longer than
     * {@code labfleet.sandbox.provisioning-timeout} and a minute (the reaper fails it before that).
     */
    public CompletableFuture<Void> whenIn(String sandboxId) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        CompletableFuture<Void> already = waiting.putIfAbsent(sandboxId, done);
        if (already != null) {
            return already.copy(); // a waiter that cancels its own leaves the others waiting
        }
        done.whenComplete((nothing, failure) -> waiting.remove(sandboxId, done));
        pollLater(sandboxId, done, System.nanoTime() + timeout.toNanos()); // not on the caller's thread: MINA's, say
        return done.copy();
    }

    /**
     * Like {@link #whenIn}, waiting for it; at once when the caller's own read of the sandbox's row, READY or EXPIRING,
     * found the images in (they never go back to pending: the flag is set only as a sandbox goes from PROVISIONING to
     * READY, once), so that a caller that has read the row does not read it again.
     *
     * @param pendingWhenRead whether the images were still pending when the caller read the row, READY or EXPIRING
     * @throws SandboxImagesNotInException saying why, in words for its learner
     */
    public void await(String sandboxId, boolean pendingWhenRead) {
        if (!pendingWhenRead) {
            return;
        }
        try {
            whenIn(sandboxId).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof SandboxImagesNotInException notIn ? notIn
                    : new SandboxImagesNotInException(notIn(sandboxId, "the service could not tell whether they are"
                    + " in; try again in a moment"));
        }
    }

    private void pollLater(String sandboxId, CompletableFuture<Void> done, long deadline) {
        try {
            polls.execute(() -> poll(sandboxId, done, deadline));
        } catch (RejectedExecutionException stopping) {
            done.completeExceptionally(new SandboxImagesNotInException(notIn(sandboxId, "the service is stopping")));
        }
    }

    private void poll(String sandboxId, CompletableFuture<Void> done, long deadline) {
        try {
            Optional<Seen> seen;
            try {
                seen = Seen.of(sandboxId);
            } catch (RuntimeException e) {
                if (System.nanoTime() - deadline > 0) {
                    throw e;
                }
                LOG.warnf("Sandbox %s: reading whether its lab's images are in failed (%s); trying again", sandboxId,
                        e.getMessage());
                timer.schedule(() -> pollLater(sandboxId, done, deadline), POLL.toMillis() * 10, TimeUnit.MILLISECONDS);
                return;
            }
            if (seen.isEmpty() || !SandboxState.USABLE.contains(seen.get().state())) {
                done.completeExceptionally(new SandboxImagesNotInException(notIn(sandboxId, seen
                        .map(row -> "it is " + row.state() + (row.reason() == null ? "" : ": " + row.reason()))
                        .orElse("it no longer exists"))));
            } else if (!seen.get().pending()) {
                done.complete(null);
            } else if (System.nanoTime() - deadline > 0) {
                LOG.warnf("Sandbox %s: its lab's images are still not in after %s", sandboxId, timeout);
                done.completeExceptionally(new SandboxImagesNotInException(notIn(sandboxId, "they took longer than "
                        + timeout.toSeconds() + " s; the operators find why in the log under " + sandboxId)));
            } else {
                timer.schedule(() -> pollLater(sandboxId, done, deadline), POLL.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (RejectedExecutionException stopping) {
            done.completeExceptionally(new SandboxImagesNotInException(notIn(sandboxId, "the service is stopping")));
        } catch (RuntimeException e) {
            LOG.warnf(e, "Sandbox %s: waiting for its lab's images failed", sandboxId);
            done.completeExceptionally(new SandboxImagesNotInException(notIn(sandboxId, "the service could not tell"
                    + " whether they are in; try again in a moment")));
        }
    }

    private static String notIn(String sandboxId, String why) {
        return "Sandbox " + sandboxId + " is not ready for you: the lab's images did not go in, because " + why + ".";
    }
}
