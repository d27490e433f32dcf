package io.labfleet.api;

import io.labfleet.security.CallerResolver;
import io.labfleet.security.Role;
import io.labfleet.validation.ProgressService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
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
    @APIResponse(responseCode = "200", description = "One page of rows, one per learner and lab with at least one "
            + "completed run, ordered by tenant, learner and lab; X-Total-Count says how many rows match, a Link "
            + "header with rel=\"next\" points to the next page while there is one",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = ProgressView.class)),
            headers = @Header(name = "X-Total-Count", description = "Rows matching the filters, on every page",
                    schema = @Schema(type = SchemaType.INTEGER)))
    public Response progress(
            @Parameter(description = "Only this tenant (admins)") @QueryParam("tenant") @Size(max = 63) String tenant,
            @Parameter(description = "Only this learner (instructors, admins)") @QueryParam("learner") @Size(max = 255) String learner,
            @Parameter(description = "Only this lab") @QueryParam("labId") @Size(max = 63) String labId,
            @Parameter(description = "Page number, from 0") @QueryParam("page") @DefaultValue("0") @Min(0) @Max(100000) int page,
            @Parameter(description = "Page size, 1 to 500") @QueryParam("size") @DefaultValue("100") @Min(1) @Max(500) int size,
            @Context UriInfo uri) {
        var found = progress.progress(callers.current(), new ProgressService.Filter(tenant, learner, labId), page, size);
        List<ProgressView> rows = found.items().stream().map(ProgressView::of).toList();
        Response.ResponseBuilder answer = Response.ok(rows).header("X-Total-Count", found.total());
        if ((long) (page + 1) * size < found.total()) {
            answer.link(uri.getRequestUriBuilder().replaceQueryParam("page", page + 1).build(), "next");
        }
        return answer.build();
    }
}
