package io.labfleet.api;

import io.labfleet.tenant.Tenant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;

@Schema(name = "Tenant")
public record TenantView(@Schema(example = "acme") String id,
                         @Schema(example = "ACME Training") String displayName,
                         @Schema(example = "50") int maxActiveSandboxes,
                         @Schema(example = "2") int maxSandboxesPerLearner,
                         @Schema(example = "240") int maxLifetimeMinutes,
                         Instant createdAt,
                         Instant updatedAt) {

    static TenantView of(Tenant tenant) {
        return new TenantView(tenant.id, tenant.displayName, tenant.maxActiveSandboxes, tenant.maxSandboxesPerLearner,
                tenant.maxLifetimeMinutes, tenant.createdAt, tenant.updatedAt);
    }
}
