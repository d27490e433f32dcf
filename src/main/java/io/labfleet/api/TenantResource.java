package io.labfleet.api;

import io.labfleet.security.Role;
import io.labfleet.tenant.Quotas;
import io.labfleet.tenant.TenantIds;
import io.labfleet.tenant.TenantService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Duration;
import java.util.List;

@Path("/api/v1/tenants")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Tenants")
@RolesAllowed(Role.ADMIN)
public class TenantResource {

    private final TenantService tenants;

    TenantResource(TenantService tenants) {
        this.tenants = tenants;
    }

    @GET
    @Operation(summary = "List tenants")
    @APIResponse(responseCode = "200", description = "Every tenant with its quotas")
    public List<TenantView> list() {
        return tenants.list().stream().map(TenantView::of).toList();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get a tenant and its quotas")
    @APIResponse(responseCode = "200", description = "The tenant")
    @APIResponse(responseCode = "404", description = "No such tenant")
    public TenantView get(@PathParam("id") String id) {
        return TenantView.of(tenants.get(id));
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a tenant or set its quotas",
            description = "Lowering a quota does not stop running sandboxes; it refuses new ones until usage is below it.")
    @APIResponse(responseCode = "201", description = "Created")
    @APIResponse(responseCode = "200", description = "Updated")
    @APIResponse(responseCode = "400", description = "Invalid quotas")
    public Response put(@PathParam("id") @Pattern(regexp = TenantIds.PATTERN, message = "must be " + TenantIds.RULE)
                        String id,
                        @Valid @NotNull TenantRequest request) {
        boolean created = tenants.put(id, request.displayName(), new Quotas(request.maxActiveSandboxes(),
                request.maxSandboxesPerLearner(), Duration.ofMinutes(request.maxLifetimeMinutes())));
        return Response.status(created ? Response.Status.CREATED : Response.Status.OK)
                .entity(TenantView.of(tenants.get(id))).build();
    }
}
