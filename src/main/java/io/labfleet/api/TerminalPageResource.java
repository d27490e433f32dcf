package io.labfleet.api;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The learner's terminal page, {@code /terminal/{id}}: xterm.js on the terminal socket, with the code the service
 * serves itself under {@code /terminal/assets/} (its Content-Security-Policy admits no other script). The page is
 * the same for every sandbox and holds nothing secret: it reads the sandbox from its address and asks for a ticket
 * with the credentials it is given (README, "Browser terminal").
 */
@Path("/terminal/{id}")
@PermitAll
public class TerminalPageResource {

    private static final String PAGE = "terminal/page.html";

    private final String page;

    TerminalPageResource() {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(PAGE)) {
            if (in == null) {
                throw new IllegalStateException(PAGE + " is missing from the service's resources");
            }
            this.page = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public String page(@PathParam("id") String id) {
        return page;
    }
}
