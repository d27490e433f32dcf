package io.labfleet.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

@Schema(name = "AuditPage")
public record AuditPageView(List<AuditEventView> items,
                            @Schema(description = "Page number, from 0") int page,
                            @Schema(description = "Page size") int size,
                            @Schema(description = "Number of entries matching the filters") long total) {
}
