package io.labfleet.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "ExtendSandbox")
public record ExtendRequest(
        @NotNull @Min(1) @Max(1440)
        @Schema(required = true, description = "Minutes to add, up to the tenant's maximum lifetime", example = "30")
        Integer minutes) {
}
