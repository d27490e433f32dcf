package io.labfleet.api;

import io.labfleet.lab.LabCatalog;
import io.labfleet.security.CallerResolver;
import io.labfleet.security.Role;
import io.labfleet.validation.ValidationRun;
import io.labfleet.validation.ValidationService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/validations")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Validation")
@RolesAllowed({Role.LEARNER, Role.INSTRUCTOR, Role.ADMIN})
public class ValidationResource {

    private final ValidationService validations;
    private final LabCatalog labs;
    private final CallerResolver callers;

    ValidationResource(ValidationService validations, LabCatalog labs, CallerResolver callers) {
        this.validations = validations;
        this.labs = labs;
        this.callers = callers;
    }

    @GET
    @Path("/{runId}")
    @Operation(summary = "Get a validation run", description = "Its state and one result per check done so far.")
    @APIResponse(responseCode = "200", description = "The run")
    @APIResponse(responseCode = "404", description = "No such run, or not yours")
    public ValidationRunView get(@PathParam("runId") String runId, @Context HttpHeaders headers) {
        ValidationRun run = validations.get(callers.current(), runId);
        return ValidationRunView.of(run, labs.find(run.labId), Languages.of(headers));
    }
}
