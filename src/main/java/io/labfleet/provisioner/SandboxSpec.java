package io.labfleet.provisioner;

import java.time.Instant;
import java.util.List;

/**
 * What a sandbox must look like: who owns it, how long it lives, its limits and the images it needs.
 *
 * @param tenantId                 null for a sandbox of a lab's warm pool ({@link #pooled()}), and so is learnerId
 * @param latestExpiry             the latest moment its expiry may ever be extended to (the tenant's lifetime
 *                                 cap): a backend may enforce it as a hard deadline without cutting short a
 *                                 sandbox that was extended
 * @param tenantMaxActiveSandboxes the tenant's quota of sandboxes alive at once, for backends that bound a
 *                                 tenant's share of the cluster themselves
 */
public record SandboxSpec(
        String sandboxId,
        String tenantId,
        String learnerId,
        String labId,
        Instant expiresAt,
        ResourceLimits limits,
        List<String> images,
        Instant latestExpiry,
        int tenantMaxActiveSandboxes) {

    public SandboxSpec {
        images = List.copyOf(images);
    }

    /** Whether it is started for a lab's warm pool, owned by nobody yet (see {@link SandboxProvisioner.Capability#WARM_POOLS}). */
    public boolean pooled() {
        return tenantId == null;
    }
}
