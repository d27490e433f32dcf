package io.labfleet.api;

import io.labfleet.security.CallerResolver;
import io.labfleet.security.Role;
import io.labfleet.security.SshKeyService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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

import java.util.List;

@Path("/api/v1/me/ssh-keys")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "SSH keys")
@RolesAllowed({Role.LEARNER, Role.INSTRUCTOR, Role.ADMIN})
public class SshKeyResource {

    private static final String NAME = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

    private final SshKeyService keys;
    private final CallerResolver callers;

    SshKeyResource(SshKeyService keys, CallerResolver callers) {
        this.keys = keys;
        this.callers = callers;
    }

    @GET
    @Operation(summary = "List my SSH keys")
    @APIResponse(responseCode = "200", description = "Your keys, by name")
    public List<SshKeyView> list() {
        return keys.list(callers.currentWithTenant()).stream().map(SshKeyView::of).toList();
    }

    @GET
    @Path("/{name}")
    @Operation(summary = "Get one of my SSH keys")
    @APIResponse(responseCode = "200", description = "The key")
    @APIResponse(responseCode = "404", description = "No key of that name")
    public SshKeyView get(@PathParam("name") String name) {
        return SshKeyView.of(keys.get(callers.currentWithTenant(), name));
    }

    @PUT
    @Path("/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Register or replace an SSH key",
            description = "Accepts ssh-ed25519, ecdsa-sha2-nistp256/384/521 and ssh-rsa of at least 2048 bits. "
                    + "The key then opens the remote Docker context of every sandbox of yours.")
    @APIResponse(responseCode = "201", description = "Registered")
    @APIResponse(responseCode = "200", description = "Replaced")
    @APIResponse(responseCode = "400", description = "Not an accepted public key; the detail says why")
    @APIResponse(responseCode = "409", description = "Registered already: under another name, or by another account")
    public Response put(@PathParam("name") @Pattern(regexp = NAME, message = "must be 1-64 letters, digits, '.', '_' or '-'")
                        String name,
                        @Valid @NotNull SshKeyRequest request) {
        var caller = callers.currentWithTenant();
        boolean created = keys.put(caller, name, request.publicKey());
        SshKeyView view = SshKeyView.of(keys.get(caller, name));
        return Response.status(created ? Response.Status.CREATED : Response.Status.OK).entity(view).build();
    }

    @DELETE
    @Path("/{name}")
    @Operation(summary = "Remove an SSH key")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "404", description = "No key of that name")
    public void delete(@PathParam("name") String name) {
        keys.delete(callers.currentWithTenant(), name);
    }
}
