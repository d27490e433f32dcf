package io.labfleet.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "TenantInput")
public record TenantRequest(
        @Size(max = 200) @Schema(example = "ACME Training") String displayName,
        @NotNull @Min(0) @Max(10000) @Schema(required = true, example = "50") Integer maxActiveSandboxes,
        @NotNull @Min(1) @Max(100) @Schema(required = true, example = "2") Integer maxSandboxesPerLearner,
        @NotNull @Min(5) @Max(10080) @Schema(required = true, description = "Longest lifetime of a sandbox, in minutes",
                example = "240") Integer maxLifetimeMinutes) {
}
