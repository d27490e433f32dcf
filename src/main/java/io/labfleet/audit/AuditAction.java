package io.labfleet.audit;

/** What was done to someone else's resource. */
public enum AuditAction {
    /** A sandbox's expiry was pushed back. */
    SANDBOX_EXTENDED,
    /** A sandbox was deleted (its teardown started). */
    SANDBOX_TERMINATED
}
