package io.labfleet.api;

import io.labfleet.lab.Lab;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "WarmPoolInput")
public record PoolRequest(
        @NotNull @Min(0) @Max(Lab.MAX_WARM_POOL)
        @Schema(required = true, description = "Sandboxes of the lab to keep started in advance; 0: none", example = "5")
        Integer size) {
}
