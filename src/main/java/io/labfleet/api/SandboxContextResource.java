package io.labfleet.api;

import io.labfleet.gateway.DockerContext;
import io.labfleet.gateway.GatewayAddress;
import io.labfleet.sandbox.Sandbox;
import io.labfleet.sandbox.SandboxService;
import io.labfleet.security.CallerResolver;
import io.labfleet.security.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/sandboxes/{id}/context")
@Tag(name = "Sandboxes")
@RolesAllowed({Role.LEARNER, Role.INSTRUCTOR, Role.ADMIN})
public class SandboxContextResource {

    static final String TAR = "application/x-tar";

    private final SandboxService sandboxes;
    private final CallerResolver callers;
    private final GatewayAddress gatewayAddress;

    SandboxContextResource(SandboxService sandboxes, CallerResolver callers, GatewayAddress gatewayAddress) {
        this.sandboxes = sandboxes;
        this.callers = callers;
        this.gatewayAddress = gatewayAddress;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Get the sandbox's remote Docker context",
            description = "The docker context create command, an ~/.ssh/config block and the gateway's known_hosts "
                    + "line. The SSH gateway lets in the sandbox's learner, with a key registered under "
                    + "/api/v1/me/ssh-keys, while the sandbox is READY or EXPIRING.")
    @APIResponse(responseCode = "200", description = "The context",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ContextView.class)))
    @APIResponse(responseCode = "404", description = "No such sandbox, or not yours")
    public ContextView get(@PathParam("id") String id) {
        return ContextView.of(context(id));
    }

    @GET
    @Path("/export")
    @Produces(TAR)
    @Operation(summary = "Download the context for docker context import",
            description = "A tar archive in the format of docker context export: docker context import NAME FILE. "
                    + "Add the known_hosts line of the JSON form to ~/.ssh/known_hosts too.")
    @APIResponse(responseCode = "200", description = "The archive",
            content = @Content(mediaType = TAR, schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING,
                    format = "binary")))
    @APIResponse(responseCode = "404", description = "No such sandbox, or not yours")
    public Response export(@PathParam("id") String id) {
        DockerContext context = context(id);
        return Response.ok(context.exportArchive(), TAR)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + context.name() + ".dockercontext\"")
                .build();
    }

    private DockerContext context(String id) {
        Sandbox sandbox = sandboxes.get(callers.current(), id);
        return DockerContext.of(sandbox.id, sandbox.labId, gatewayAddress.host(), gatewayAddress.port(), gatewayAddress.hostKeyLine());
    }
}
