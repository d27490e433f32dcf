package io.labfleet.api;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The description of the browser terminal's socket (served by {@code io.labfleet.terminal.TerminalSocket}; a plain GET
 * of its path lands here and is told to upgrade). Its tickets are {@link TerminalTicketResource}'s.
 * <p>
 * Each class's path ends in its own word: a class at {@code /api/v1/sandboxes/{id}} would match every
 * {@code GET /api/v1/sandboxes/{id}} first, and RESTEasy Reactive would then build a new request mapper on each of
 * those (the API's most frequent call) to go on to {@link SandboxResource}.
 */
@Path("/api/v1/sandboxes/{id}/terminal")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Terminal")
public class TerminalResource {

    static final String PROTOCOL = """
            A WebSocket (RFC 6455) carrying the sandbox's shell: the same shell as `ssh <sandbox>` (same user, \
            limits and activity tracking). Open it with the ticket of POST /api/v1/sandboxes/{id}/terminal-tickets, \
            within its few seconds: browsers cannot send a bearer token on a socket.

            * Binary frames, both ways: the bytes typed (browser to service) and printed (service to browser), \
            on a terminal (TERM=xterm-256color, 80x24 until resized).
            * Text frames are JSON control messages. Browser to service: `{"type":"resize","columns":120,"rows":40}` \
            (1-1000 columns, 1-500 rows; applied at most once per labfleet.terminal.resize-interval, the latest size \
            winning), `{"type":"ping"}`. Service to browser: `{"type":"pong"}`, \
            `{"type":"error","message":"..."}` (a control message it could not use; the socket stays open).
            * The service also sends WebSocket pings; nothing typed or printed for labfleet.terminal.idle-timeout \
            closes the socket.
            * `mode=watch`: read-only, for an instructor of the sandbox's tenant or an admin: shows live what the \
            learner's terminals print (starting with their latest screen); the learner's terminal shows who watches; \
            every watch is written to the audit log.

            The service closes the socket with a code and a reason to show as it is: 1000 the shell exited; \
            4400 no ticket or unknown mode; 4401 ticket unknown, already used or expired (ask for a new one); \
            4403 not allowed (typing in someone else's sandbox, watching as a learner, a ticket for another sandbox); \
            4404 no such sandbox of yours; 4408 idle too long; 4409 the sandbox is not usable (starting, ended, \
            expired); 4429 too many terminals open for one person (labfleet.terminal.max-per-user); 1013 a watcher's \
            connection did not keep up with the output (open it again); 1011 the backend could not start the shell.""";

    @GET
    @PermitAll
    @Operation(summary = "Open the sandbox's terminal (WebSocket)", description = PROTOCOL)
    @Parameter(name = "ticket", in = ParameterIn.QUERY, required = true,
            description = "The single-use ticket of POST /api/v1/sandboxes/{id}/terminal-tickets")
    @Parameter(name = "mode", in = ParameterIn.QUERY, schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING, enumeration = {"interactive", "watch"}),
            description = "interactive (the default): the sandbox's learner types; watch: read-only, for instructors and admins")
    @APIResponse(responseCode = "101", description = "Switching to the WebSocket protocol")
    @APIResponse(responseCode = "426", description = "Not a WebSocket upgrade request",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public void terminal(@PathParam("id") String id, @QueryParam("ticket") String ticket, @QueryParam("mode") String mode) {
        throw new WebSocketRequiredException("This path is a WebSocket: open it with new WebSocket(\"wss://…/api/v1/"
                + "sandboxes/" + id + "/terminal?ticket=…\") after POST …/terminal-tickets.");
    }
}
