package io.labfleet.sandbox;

/** What this replica has open to sandboxes right now: SSH commands, forwarded ports, terminals. */
public interface OpenChannels {

    /** Whether a channel to the sandbox is open on this replica, however quiet. */
    boolean anyOpen(String sandboxId);
}
