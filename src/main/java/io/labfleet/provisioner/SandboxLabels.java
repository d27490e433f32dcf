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
     * Names the Labfleet installation that owns an object, so that installations sharing one backend (or
     * test runs sharing one engine) never touch each other's objects.
     */
    public static final String INSTALLATION = "labfleet.io/installation";

    private SandboxLabels() {
    }

    public static Map<String, String> of(SandboxSpec spec) {
        return Map.of(
                MANAGED_BY, MANAGER,
                SANDBOX, spec.sandboxId(),
                TENANT, spec.tenantId(),
                LEARNER, spec.learnerId(),
                EXPIRES_AT, String.valueOf(spec.expiresAt().getEpochSecond()));
    }
}
