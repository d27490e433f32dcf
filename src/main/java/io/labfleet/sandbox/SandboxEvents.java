package io.labfleet.sandbox;

import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Publishes sandbox events to the listeners of this replica (the server-sent event streams). State
 * changes made by another replica reach a stream through its database poll; progress stays local.
 * Events are published after the change committed: a listener that fails is logged and never reaches the
 * publisher, so it cannot undo the work (a sandbox READY stays READY when a stream's client went away).
 */
@ApplicationScoped
public class SandboxEvents {

    private static final Logger LOG = Logger.getLogger(SandboxEvents.class);

    private final Map<String, Set<Consumer<SandboxEvent>>> listeners = new ConcurrentHashMap<>();
    private final Map<String, SandboxEvent> lastProgress = new ConcurrentHashMap<>();

    public void publish(SandboxEvent event) {
        if ("progress".equals(event.type())) {
            lastProgress.put(event.sandboxId(), event);
        } else if (event.state() != null && event.state().isFinal()) {
            lastProgress.remove(event.sandboxId());
        }
        for (Consumer<SandboxEvent> listener : listeners.getOrDefault(event.sandboxId(), Set.of())) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                LOG.warnf(e, "A listener of sandbox %s failed on its %s event; the event stands", event.sandboxId(),
                        event.type());
            }
        }
    }

    /** The latest provisioning step seen on this replica, so a late subscriber starts from it. */
    public SandboxEvent lastProgress(String sandboxId) {
        return lastProgress.get(sandboxId);
    }

    /** Registers a listener; run the returned handle to unregister. */
    public Runnable subscribe(String sandboxId, Consumer<SandboxEvent> listener) {
        listeners.computeIfAbsent(sandboxId, id -> ConcurrentHashMap.newKeySet()).add(listener);
        return () -> listeners.computeIfPresent(sandboxId, (id, set) -> {
            set.remove(listener);
            return set.isEmpty() ? null : set;
        });
    }
}
