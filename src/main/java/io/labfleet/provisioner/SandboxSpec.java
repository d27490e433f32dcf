package io.labfleet.provisioner;

import java.time.Instant;
import java.util.List;

/** What a sandbox must look like: who owns it, how long it lives, its limits and the images it needs. */
public record SandboxSpec(
        String sandboxId,
        String tenantId,
        String learnerId,
        String labId,
        Instant expiresAt,
        ResourceLimits limits,
        List<String> images) {

    public SandboxSpec {
        images = List.copyOf(images);
    }
}
