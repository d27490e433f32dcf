package io.labfleet.api;

import io.labfleet.sandbox.Sandbox;
import io.labfleet.sandbox.SandboxService;
import io.labfleet.security.CallerResolver;
import io.labfleet.security.Role;
import io.labfleet.terminal.TerminalTickets;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The tickets that open a sandbox's browser terminal ({@link TerminalResource} describes the socket). */
@Path("/api/v1/sandboxes/{id}/terminal-tickets")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Terminal")
public class TerminalTicketResource {

    private final SandboxService sandboxes;
    private final CallerResolver callers;
    private final TerminalTickets tickets;

    TerminalTicketResource(SandboxService sandboxes, CallerResolver callers, TerminalTickets tickets) {
        this.sandboxes = sandboxes;
        this.callers = callers;
        this.tickets = tickets;
    }

    @POST
    @RolesAllowed({Role.LEARNER, Role.INSTRUCTOR, Role.ADMIN})
    @Operation(summary = "Get a ticket that opens the sandbox's terminal",
            description = "A single-use ticket, valid for labfleet.terminal.ticket-lifetime (15 s by default), bound to "
                    + "the caller and the sandbox: whoever presents it acts as the caller, so keep it out of logs and "
                    + "open the socket at once. The sandbox's learner opens it to type; an instructor of the tenant or "
                    + "an admin opens it with mode=watch.")
    @APIResponse(responseCode = "200", description = "The ticket",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TerminalTicketView.class)))
    @APIResponse(responseCode = "404", description = "No such sandbox, or not yours")
    public TerminalTicketView ticket(@PathParam("id") String id) {
        Sandbox sandbox = sandboxes.get(callers.current(), id);
        TerminalTickets.Issued issued = tickets.issue(callers.current(), sandbox.id);
        return new TerminalTicketView(issued.ticket(), issued.expiresAt(),
                "/api/v1/sandboxes/" + sandbox.id + "/terminal?ticket=" + issued.ticket());
    }
}
