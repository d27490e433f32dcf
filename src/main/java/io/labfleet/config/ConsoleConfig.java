package io.labfleet.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The instructors' console, the OpenAPI console (Swagger UI) at {@code /q/swagger-ui} ({@code labfleet.console.*}).
 * Its Keycloak client id and PKCE are fixed when the service is built ({@code quarkus.swagger-ui.oauth-*}).
 */
@ConfigMapping(prefix = "labfleet.console")
public interface ConsoleConfig {

    /**
     * The Keycloak realm's URL as instructors' browsers reach it, e.g. {@code https://sso.example.org/realms/labfleet}:
     * the console's "Authorize" button logs in at its authorization endpoint. It differs from
     * {@code quarkus.oidc.auth-server-url} when the service reaches Keycloak by an internal address.
     */
    @WithDefault("${quarkus.oidc.auth-server-url}")
    String authServerUrl();
}
