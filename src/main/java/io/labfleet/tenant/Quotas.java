package io.labfleet.tenant;

import java.time.Duration;
import java.time.Instant;

/** A tenant's limits, and the rules that apply them. Plain values: no I/O. */
public record Quotas(int maxActiveSandboxes, int maxSandboxesPerLearner, Duration maxLifetime) {

    /**
     * Refuses a new sandbox when the tenant or the learner is already at their limit.
     *
     * @throws QuotaExceededException naming the quota that was hit
     */
    public void checkNewSandbox(long activeInTenant, long activeForLearner) {
        if (activeInTenant >= maxActiveSandboxes) {
            throw new QuotaExceededException("max-active-sandboxes", maxActiveSandboxes, activeInTenant,
                    "The tenant already runs " + activeInTenant + " sandboxes, its limit is " + maxActiveSandboxes
                            + ". Delete a sandbox or ask an administrator to raise the quota.");
        }
        if (activeForLearner >= maxSandboxesPerLearner) {
            throw new QuotaExceededException("max-sandboxes-per-learner", maxSandboxesPerLearner, activeForLearner,
                    "You already have " + activeForLearner + " active sandbox(es), the limit per learner is "
                            + maxSandboxesPerLearner + ". Delete one before starting another.");
        }
    }

    /** The latest moment a sandbox created at {@code createdAt} may live until. */
    public Instant lifetimeCap(Instant createdAt) {
        return createdAt.plus(maxLifetime);
    }

    /** Expiry for a new sandbox: the requested lifetime, never beyond the tenant's maximum. */
    public Instant initialExpiry(Instant createdAt, Duration requested) {
        Instant wanted = createdAt.plus(requested);
        Instant cap = lifetimeCap(createdAt);
        return wanted.isAfter(cap) ? cap : wanted;
    }
}
