package io.labfleet.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

@Schema(name = "SandboxPage")
public record PageView(List<SandboxView> items,
                       @Schema(description = "Page number, from 0") int page,
                       @Schema(description = "Page size") int size,
                       @Schema(description = "Number of sandboxes matching the filters") long total) {
}
