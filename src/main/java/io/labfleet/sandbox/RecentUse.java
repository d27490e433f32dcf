package io.labfleet.sandbox;

/** What this replica has seen of the use of sandboxes that the database may not show yet. */
public interface RecentUse {

    /**
     * Whether a channel to the sandbox (an SSH command, a forwarded port, a terminal) is open on this replica, however
     * quiet, or one was used since activity was last written to the database.
     */
    boolean inUse(String sandboxId);
}
