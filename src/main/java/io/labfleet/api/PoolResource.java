package io.labfleet.api;

import io.labfleet.lifecycle.WarmPools;
import io.labfleet.security.CallerResolver;
import io.labfleet.security.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.function.Supplier;

@Path("/api/v1/pools")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Warm pools")
@RolesAllowed(Role.ADMIN)
public class PoolResource {

    private final WarmPools pools;
    private final CallerResolver callers;

    PoolResource(WarmPools pools, CallerResolver callers) {
        this.pools = pools;
        this.callers = callers;
    }

    @GET
    @Operation(summary = "List the labs' warm pools", description = "Every lab, in course order, with its pool's size and"
            + " sandboxes (most labs have none). On a backend without warm pools (Kubernetes) every size is 0, with"
            + " supported false and the reason, whatever configuration or lab.yaml set.")
    @APIResponse(responseCode = "200", description = "Every lab's pool")
    public List<PoolView> list() {
        return pools.all().stream().map(PoolView::of).toList();
    }

    @GET
    @Path("/{labId}")
    @Operation(summary = "Get a lab's warm pool")
    @APIResponse(responseCode = "200", description = "The pool")
    @APIResponse(responseCode = "404", description = "No such lab")
    public PoolView get(@PathParam("labId") String labId) {
        return ofLab(() -> pools.get(labId));
    }

    @PUT
    @Path("/{labId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set the size of a lab's warm pool",
            description = "For every replica, until reset, whatever configuration and lab.yaml say; audited. Within"
                    + " seconds the pool is filled up to it (within labfleet.pool.max-total) or its surplus drained;"
                    + " claimed sandboxes are never touched.")
    @APIResponse(responseCode = "200", description = "The pool with its new size")
    @APIResponse(responseCode = "400", description = "A size that is not 0 to 100")
    @APIResponse(responseCode = "404", description = "No such lab")
    @APIResponse(responseCode = "409", description = "The backend keeps no warm pools (Kubernetes); nothing was set")
    public PoolView put(@PathParam("labId") String labId, @Valid @NotNull PoolRequest request) {
        return ofLab(() -> pools.resize(callers.current(), labId, request.size()));
    }

    @DELETE
    @Path("/{labId}")
    @Operation(summary = "Give a lab's warm pool back its configured size",
            description = "Forgets the size set through this API: labfleet.pool.size.<lab>, else the lab's warmPool,"
                    + " applies again. Audited when there was one.")
    @APIResponse(responseCode = "200", description = "The pool with its configured size")
    @APIResponse(responseCode = "404", description = "No such lab")
    public PoolView reset(@PathParam("labId") String labId) {
        return ofLab(() -> pools.reset(callers.current(), labId));
    }

    private static PoolView ofLab(Supplier<WarmPools.Pool> pool) {
        return PoolView.of(LabInPath.require(pool));
    }
}
