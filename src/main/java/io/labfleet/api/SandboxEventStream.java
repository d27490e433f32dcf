package io.labfleet.api;

import io.labfleet.sandbox.Sandbox;
import io.labfleet.sandbox.SandboxEvent;
import io.labfleet.sandbox.SandboxEvents;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One client's event stream of one sandbox: the current state, then this replica's live events, and a
 * periodic database read so that changes made by another replica arrive too. Ends on a final state.
 */
final class SandboxEventStream {

    private static final Logger LOG = Logger.getLogger(SandboxEventStream.class);
    private final String sandboxId;
    private final SandboxEvent initial;
    private final SandboxEvents events;
    private final Supplier<Sandbox> reload;
    private final ScheduledExecutorService poller;
    private final Duration pollInterval;
    private SandboxEvent lastState;
    private boolean started;

    SandboxEventStream(String sandboxId, SandboxEvent initial, SandboxEvents events, Supplier<Sandbox> reload,
                       ScheduledExecutorService poller, Duration pollInterval) {
        this.sandboxId = sandboxId;
        this.initial = initial;
        this.events = events;
        this.reload = reload;
        this.poller = poller;
        this.pollInterval = pollInterval;
    }

    /**
     * Subscribes to live events before anything is sent, and reads the database once at once: a change made
     * between the caller's first read and the subscription is never missed. Live events that come before the
     * first state is sent are dropped (that read sees them), so states always arrive in order.
     */
    Multi<SandboxEvent> multi() {
        return Multi.createFrom().emitter(emitter -> {
            Runnable unsubscribe = events.subscribe(sandboxId, event -> offer(emitter, event));
            if (!begin(emitter)) {
                unsubscribe.run();
                return;
            }
            ScheduledFuture<?> poll = poller.scheduleWithFixedDelay(() -> {
                try {
                    offer(emitter, SandboxEvent.state(reload.get()));
                } catch (RuntimeException e) {
                    LOG.debugf(e, "Event stream of sandbox %s stops polling", sandboxId);
                    emitter.complete();
                }
            }, 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
            emitter.onTermination(() -> {
                unsubscribe.run();
                poll.cancel(false);
            });
        });
    }

    /** Sends the state the stream starts from and the latest progress; false when the stream already ended. */
    private synchronized boolean begin(MultiEmitter<? super SandboxEvent> emitter) {
        started = true;
        if (!offer(emitter, initial)) {
            return false;
        }
        SandboxEvent progress = events.lastProgress(sandboxId);
        if (progress != null) {
            emitter.emit(progress);
        }
        return true;
    }

    /** Emits the event unless it repeats the last state; completes after a final state. */
    private synchronized boolean offer(MultiEmitter<? super SandboxEvent> emitter, SandboxEvent event) {
        if (emitter.isCancelled()) {
            return false;
        }
        if (!started) {
            return true;
        }
        if ("state".equals(event.type())) {
            if (lastState != null && lastState.state() == event.state() && Objects.equals(lastState.reason(), event.reason())) {
                return true;
            }
            lastState = event;
        }
        emitter.emit(event);
        if (event.state() != null && event.state().isFinal()) {
            emitter.complete();
            return false;
        }
        return true;
    }
}
