package io.labfleet.api;

import io.labfleet.lab.LabCatalog;
import io.labfleet.security.CallerResolver;
import io.labfleet.security.Role;
import io.labfleet.validation.ValidationRun;
import io.labfleet.validation.ValidationService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

@Path("/api/v1/sandboxes/{id}/validations")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Validation")
@RolesAllowed({Role.LEARNER, Role.INSTRUCTOR, Role.ADMIN})
public class SandboxValidationResource {

    private final ValidationService validations;
    private final LabCatalog labs;
    private final CallerResolver callers;

    SandboxValidationResource(ValidationService validations, LabCatalog labs, CallerResolver callers) {
        this.validations = validations;
        this.labs = labs;
        this.callers = callers;
    }

    @POST
    @Operation(summary = "Validate a sandbox",
            description = "Runs the lab's checks against the sandbox's Docker daemon, in the background: the answer "
                    + "comes at once (QUEUED or RUNNING); poll the Location until COMPLETED or ERROR. One run at a time per "
                    + "sandbox: while one is queued or running, the answer is 409 with its id in runId. Messages are in French, "
                    + "in English with Accept-Language: en.")
    @APIResponse(responseCode = "202", description = "Accepted; Location points to the run",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ValidationRunView.class)))
    @APIResponse(responseCode = "404", description = "No such sandbox, or not yours")
    @APIResponse(responseCode = "409", description = "The sandbox is not READY or EXPIRING, or a run of it is under way "
            + "(problem type validation-in-progress, its id in runId)")
    public Response start(@PathParam("id") String id, @Context UriInfo uri, @Context HttpHeaders headers) {
        ValidationRun run = validations.start(callers.current(), id);
        return Response.accepted(ValidationRunView.of(run, labs.find(run.labId), Languages.of(headers)))
                .location(uri.getBaseUriBuilder().path("api/v1/validations").path(run.id).build()).build();
    }

    @GET
    @Operation(summary = "List a sandbox's validation runs", description = "Newest first, with their results.")
    @APIResponse(responseCode = "200", description = "The runs")
    @APIResponse(responseCode = "404", description = "No such sandbox, or not yours")
    public List<ValidationRunView> history(
            @PathParam("id") String id,
            @Parameter(description = "How many runs, 1 to 100") @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size,
            @Context HttpHeaders headers) {
        return validations.history(callers.current(), id, size).stream()
                .map(run -> ValidationRunView.of(run, labs.find(run.labId), Languages.of(headers))).toList();
    }
}
