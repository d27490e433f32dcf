package io.labfleet.api;

import io.labfleet.audit.AuditAction;
import io.labfleet.audit.AuditFilter;
import io.labfleet.audit.AuditLog;
import io.labfleet.security.CallerResolver;
import io.labfleet.security.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Audit")
@RolesAllowed({Role.INSTRUCTOR, Role.ADMIN})
public class AuditResource {

    private final AuditLog audit;
    private final CallerResolver callers;

    AuditResource(AuditLog audit, CallerResolver callers) {
        this.audit = audit;
        this.callers = callers;
    }

    @GET
    @Operation(summary = "Read the audit log",
            description = "Every extend, delete and validation that an instructor or admin did on a learner's sandbox: who, what, "
                    + "when, which sandbox, whose, which tenant; and every change an admin made to a lab's warm pool (no tenant). Admins read every tenant, instructors their own. Newest first.")
    @APIResponse(responseCode = "200", description = "One page of audit entries")
    @APIResponse(responseCode = "400", description = "An invalid filter")
    public AuditPageView list(
            @Parameter(description = "Only this tenant (admins)") @QueryParam("tenant") @Size(max = 63) String tenant,
            @Parameter(description = "Only this actor, by id (token subject) or name") @QueryParam("actor") @Size(max = 255) String actor,
            @Parameter(description = "Only this action: SANDBOX_EXTENDED, SANDBOX_TERMINATED, SANDBOX_VALIDATED, TERMINAL_WATCHED or POOL_RESIZED") @QueryParam("action") String action,
            @Parameter(description = "Only this sandbox (or, for POOL_RESIZED, this lab)") @QueryParam("sandbox") @Size(max = 63) String sandbox,
            @Parameter(description = "Only actions on this learner's resources, by id or name") @QueryParam("learner") @Size(max = 255) String learner,
            @Parameter(description = "Only entries at or after this instant (ISO-8601, e.g. 2026-11-28T09:00:00Z)") @QueryParam("from") String from,
            @Parameter(description = "Only entries before this instant (ISO-8601)") @QueryParam("to") String to,
            @Parameter(description = "Page number, from 0") @QueryParam("page") @DefaultValue("0") @Min(0) @Max(100000) int page,
            @Parameter(description = "Page size, 1 to 100") @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
        var filter = new AuditFilter(tenant, actor, QueryParams.enumValue(AuditAction.class, "action", action), sandbox,
                learner, QueryParams.instant("from", from), QueryParams.instant("to", to));
        var found = audit.search(callers.currentForListing(), filter, page, size);
        return new AuditPageView(found.items().stream().map(AuditEventView::of).toList(), found.page(), found.size(),
                found.total());
    }
}
