package io.labfleet.gateway;

/** Why the gateway refused something; the slug tags the {@code labfleet.gateway.refused} counter and the log. */
public enum RefusalReason {
    UNKNOWN_SANDBOX("unknown-sandbox"),
    UNKNOWN_KEY("unknown-key"),
    NOT_OWNER("not-owner"),
    SANDBOX_NOT_READY("sandbox-not-ready"),
    SANDBOX_EXPIRED("sandbox-expired"),
    SANDBOX_MOVED("sandbox-moved"),
    PASSWORD("password"),
    KEYBOARD_INTERACTIVE("keyboard-interactive"),
    FORWARD_DESTINATION("forward-destination"),
    REMOTE_FORWARDING("remote-forwarding"),
    AGENT_FORWARDING("agent-forwarding"),
    X11_FORWARDING("x11-forwarding"),
    SUBSYSTEM("subsystem"),
    SCP("scp");

    private final String slug;

    RefusalReason(String slug) {
        this.slug = slug;
    }

    public String slug() {
        return slug;
    }
}
