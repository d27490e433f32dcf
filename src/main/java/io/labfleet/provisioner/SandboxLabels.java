package io.labfleet.provisioner;

import java.util.Map;

/** The labels every runtime object of a sandbox carries, so a reconciler can match it to its row. */
public final class SandboxLabels {

    public static final String SANDBOX = "labfleet.io/sandbox";
    public static final String TENANT = "labfleet.io/tenant";
    public static final String LEARNER = "labfleet.io/learner";
    public static final String EXPIRES_AT = "labfleet.io/expires-at";
    /** Marks objects managed by Labfleet at all, to list them with one selector. */
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGER = "labfleet";
    /**
     * On a sandbox started for a lab's warm pool (its value: the lab), which has no tenant or learner label. Labels
     * of a runtime object cannot change: when a learner claims it, it keeps these, and the database row says whose
     * it is. The reconciler matches runtime and rows by {@link #SANDBOX} alone.
     */
    public static final String POOL = "labfleet.io/pool";
    /**
     * Names the Labfleet installation that owns an object, so that installations sharing one backend (or
     * test runs sharing one engine) never touch each other's objects.
     */
    public static final String INSTALLATION = "labfleet.io/installation";

    private SandboxLabels() {
    }

    public static Map<String, String> of(SandboxSpec spec) {
        if (spec.pooled()) {
            return Map.of(
                    MANAGED_BY, MANAGER,
                    SANDBOX, spec.sandboxId(),
                    POOL, spec.labId(),
                    EXPIRES_AT, String.valueOf(spec.expiresAt().getEpochSecond()));
        }
        return Map.of(
                MANAGED_BY, MANAGER,
                SANDBOX, spec.sandboxId(),
                TENANT, spec.tenantId(),
                LEARNER, spec.learnerId(),
                EXPIRES_AT, String.valueOf(spec.expiresAt().getEpochSecond()));
    }
}
