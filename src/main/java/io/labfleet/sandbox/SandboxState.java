package io.labfleet.sandbox;

import java.util.EnumSet;
import java.util.Set;

/**
 * The life of a sandbox: {@code REQUESTED → PROVISIONING → READY → (EXPIRING) → TERMINATING → TERMINATED},
 * and {@code FAILED} from any state that is not final.
 */
public enum SandboxState {
    REQUESTED,
    PROVISIONING,
    READY,
    /** Still usable, but its expiry is near: frontends warn the learner, who may extend. */
    EXPIRING,
    TERMINATING,
    TERMINATED,
    FAILED;

    /** States that hold (or may soon hold) runtime resources, and so count against quotas. */
    public static final Set<SandboxState> ACTIVE = EnumSet.of(REQUESTED, PROVISIONING, READY, EXPIRING, TERMINATING);

    /** States in which the learner can use the sandbox. */
    public static final Set<SandboxState> USABLE = EnumSet.of(READY, EXPIRING);

    public boolean isFinal() {
        return this == TERMINATED || this == FAILED;
    }

    public boolean canMoveTo(SandboxState next) {
        if (isFinal()) {
            return false;
        }
        return switch (next) {
            case REQUESTED -> false;
            case PROVISIONING -> this == REQUESTED;
            case READY -> this == PROVISIONING || this == EXPIRING;
            case EXPIRING -> this == READY;
            case TERMINATING -> this != TERMINATING;
            case TERMINATED -> this == TERMINATING;
            case FAILED -> true;
        };
    }
}
