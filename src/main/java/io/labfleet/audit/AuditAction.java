package io.labfleet.audit;

/** What was done to someone else's resource. */
public enum AuditAction {
    /** A sandbox's expiry was pushed back. */
    SANDBOX_EXTENDED,
    /** A sandbox was deleted (its teardown started). */
    SANDBOX_TERMINATED,
    /** A validation run was started on a sandbox (its checks run probes inside it). */
    SANDBOX_VALIDATED,
    /** A sandbox's terminal was watched (read-only, live) through the browser terminal's mode=watch. */
    TERMINAL_WATCHED,
    /** An admin set the size of a lab's warm pool, or gave it back its configured size (no tenant: admins read it). */
    POOL_RESIZED
}
