package io.labfleet.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;

@Schema(name = "TerminalTicket", description = "A single-use ticket that opens the sandbox's terminal socket")
public record TerminalTicketView(
        @Schema(description = "The ticket: a bearer credential, good for one socket; never log or store it")
        String ticket,
        @Schema(description = "When the ticket stops opening a socket (a few seconds after it was issued)")
        Instant expiresAt,
        @Schema(description = "The socket's path with the ticket, relative to the service: open it with ws:// or wss://"
                + " on the service's host; add &mode=watch to watch read-only",
                example = "/api/v1/sandboxes/sb-abc/terminal?ticket=3q2-...")
        String path) {
}
