package io.labfleet.api;

import io.labfleet.config.CliConfig;
import io.labfleet.config.ConsoleConfig;
import io.labfleet.config.LabfleetConfig;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Public: what {@code labfleet login} asks first. The CLI itself is served as static files
 * ({@code META-INF/resources/cli/}, copied from {@code cli/target/dist} when the service is built).
 */
@Path("/api/v1/cli")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "CLI")
@PermitAll
public class CliResource {

    static final String JAR = "/cli/labfleet.jar";
    static final String LAUNCHER = "/cli/labfleet";

    private final CliView view;

    CliResource(CliConfig cli, ConsoleConfig console, LabfleetConfig config,
                @ConfigProperty(name = "quarkus.oidc.tenant-enabled", defaultValue = "true") boolean oidc) {
        String realm = oidc && !console.authServerUrl().isBlank() ? console.authServerUrl() : null;
        this.view = new CliView(realm, cli.clientId(), config.devLogin().enabled(), JAR, LAUNCHER);
    }

    @GET
    @Operation(summary = "How the labfleet CLI logs in",
            description = "The realm and public client of the device login, whether the development login is on, "
                    + "and where to download the CLI. No login needed.")
    @APIResponse(responseCode = "200", description = "The CLI's settings")
    public CliView get() {
        return view;
    }
}
