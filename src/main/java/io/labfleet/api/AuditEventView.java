package io.labfleet.api;

import io.labfleet.audit.AuditAction;
import io.labfleet.audit.AuditEvent;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;

/** An audit log entry as clients see it. */
@Schema(name = "AuditEvent", description = "An action an instructor or admin took on a learner's resource")
public record AuditEventView(
        @Schema(example = "au-7m2k9q4xzp") String id,
        @Schema(description = "When it happened") Instant occurredAt,
        @Schema(description = "The tenant the target belongs to", example = "acme") String tenant,
        @Schema(description = "Who did it: token subject") String actor,
        @Schema(description = "Who did it: display name", example = "irene") String actorName,
        @Schema(description = "The role they acted with", example = "instructor") String actorRole,
        AuditAction action,
        @Schema(description = "What they acted on: its kind, id and owner") Target target,
        @Schema(description = "What changed, for people", example = "Extended by 30 min; now expires at 2026-11-28T18:30:00Z.")
        String detail) {

    @Schema(name = "AuditTarget")
    public record Target(@Schema(example = "sandbox") String type,
                         @Schema(example = "sb-k3v9q2mxa7") String id,
                         @Schema(description = "Owner's id (token subject)") String owner,
                         @Schema(description = "Owner's display name", example = "alice") String ownerName) {
    }

    static AuditEventView of(AuditEvent event) {
        return new AuditEventView(event.id, event.occurredAt, event.tenantId, event.actorId, event.actorName,
                event.actorRole, event.action,
                new Target(event.targetType, event.targetId, event.targetOwner, event.targetOwnerName), event.detail);
    }
}
