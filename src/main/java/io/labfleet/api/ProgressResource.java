package io.labfleet.api;

import io.labfleet.security.CallerResolver;
import io.labfleet.security.Role;
import io.labfleet.validation.ProgressService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

@Path("/api/v1/progress")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Validation")
@RolesAllowed({Role.LEARNER, Role.INSTRUCTOR, Role.ADMIN})
public class ProgressResource {

    private final ProgressService progress;
    private final CallerResolver callers;

    ProgressResource(ProgressService progress, CallerResolver callers) {
        this.progress = progress;
        this.callers = callers;
    }

    @GET
    @Operation(summary = "Progress per learner and lab",
            description = "For each learner and lab, the best completed validation run (most checks passed). "
                    + "An instructor sees their tenant's learners, an admin everyone (or one tenant), a learner themself.")
    @APIResponse(responseCode = "200", description = "One row per learner and lab with at least one completed run")
    public List<ProgressView> progress(
            @Parameter(description = "Only this tenant (admins)") @QueryParam("tenant") @Size(max = 63) String tenant,
            @Parameter(description = "Only this learner (instructors, admins)") @QueryParam("learner") @Size(max = 255) String learner,
            @Parameter(description = "Only this lab") @QueryParam("labId") @Size(max = 63) String labId) {
        return progress.progress(callers.current(), new ProgressService.Filter(tenant, learner, labId)).stream()
                .map(ProgressView::of).toList();
    }
}
