package io.labfleet.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What the {@code labfleet} command needs before a login: how to log in, and where to get it. */
@Schema(name = "Cli")
public record CliView(
        @Schema(description = "The OIDC realm to log in at (device authorization grant); absent when the service "
                + "accepts no tokens", example = "https://sso.example.org/realms/labfleet") String authServerUrl,
        @Schema(description = "The public client to log in with", example = "labfleet-cli") String clientId,
        @Schema(description = "Whether the development login (HTTP Basic users from a file) is on") boolean devLogin,
        @Schema(description = "The CLI's runnable jar (Java 17), built with this service", example = "/cli/labfleet.jar") String jar,
        @Schema(description = "The launcher script that runs the jar beside it", example = "/cli/labfleet") String launcher) {
}
