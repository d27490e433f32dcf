package io.labfleet.api;

import io.labfleet.lab.LabCatalog;
import io.labfleet.lab.UnknownLabException;
import io.labfleet.security.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

@Path("/api/v1/labs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Labs")
@RolesAllowed({Role.LEARNER, Role.INSTRUCTOR, Role.ADMIN})
public class LabResource {

    private final LabCatalog catalog;

    LabResource(LabCatalog catalog) {
        this.catalog = catalog;
    }

    @GET
    @Operation(summary = "List the labs", description = "Every lab of the course, in course order, without instructions.")
    @APIResponse(responseCode = "200", description = "The catalog")
    public List<LabView> list() {
        return catalog.all().stream().map(LabView::summary).toList();
    }

    @GET
    @Path("/{labId}")
    @Operation(summary = "Get one lab", description = "The lab with its instructions (Markdown, French; English when written).")
    @APIResponse(responseCode = "200", description = "The lab")
    @APIResponse(responseCode = "404", description = "No such lab")
    public LabView get(@PathParam("labId") String labId) {
        return catalog.find(labId).map(LabView::detail)
                .orElseThrow(() -> new jakarta.ws.rs.NotFoundException(new UnknownLabException(labId).getMessage()));
    }
}
