package io.labfleet.gateway;

/** Whose a presented public key is, seen from one sandbox. */
public enum KeyOwnership {
    /** Registered by the sandbox's learner. */
    OWNER,
    /** Registered, but by someone else. */
    OTHER_LEARNER,
    /** Registered by nobody. */
    UNKNOWN
}
