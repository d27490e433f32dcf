package io.labfleet.validation.check;

import java.util.List;

/**
 * The events a daemon still remembers, oldest first. A daemon keeps only its last {@value #DAEMON_MEMORY}
 * events (and none from before its own start), so older ones may be gone.
 */
public record EventHistory(List<DaemonEvent> events, boolean mayMissOlderEvents) {

    public static final int DAEMON_MEMORY = 256;

    public EventHistory {
        events = List.copyOf(events);
    }

    public List<DaemonEvent> ofType(String type) {
        return events.stream().filter(e -> e.type().equals(type)).toList();
    }
}
