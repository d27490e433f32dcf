package io.labfleet.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "CreateSandbox")
public record CreateSandboxRequest(
        @NotBlank @Size(max = 63) @Schema(required = true, example = "p3-container-lifecycle") String labId,
        @Min(1) @Max(1440)
        @Schema(description = "Lifetime in minutes; default: the lab's duration or 60, capped by the tenant's maximum",
                example = "90")
        Integer ttlMinutes) {
}
