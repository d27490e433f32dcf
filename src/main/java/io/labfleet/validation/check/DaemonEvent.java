package io.labfleet.validation.check;

import java.util.Map;

/**
 * One event of the daemon's history. {@code action} is the verb alone ({@code exec_start}); what the daemon
 * appends after a colon ({@code exec_start: ps aux}, {@code health_status: healthy}) is {@code detail}.
 * For a container, {@code attributes} hold its name, image and labels at the time of the event.
 */
public record DaemonEvent(String type, String action, String detail, String actorId,
                          Map<String, String> attributes, long timeNanos) {

    public DaemonEvent {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
        detail = detail == null ? "" : detail;
    }

    /** The value a step condition looks at: an attribute, or {@code detail}. */
    public String value(String key) {
        return "detail".equals(key) ? detail : attributes.get(key);
    }

    public String name() {
        return attributes.get("name");
    }
}
