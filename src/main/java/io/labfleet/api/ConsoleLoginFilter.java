package io.labfleet.api;

import io.labfleet.config.ConsoleConfig;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Lets the console log in through Keycloak: adds the OAuth2 authorization-code scheme {@value #SCHEME} with the
 * realm's endpoints (known only at run time), and offers it next to {@code bearer} on every secured operation,
 * so Swagger UI's "Authorize" button signs the instructor in (PKCE) instead of asking for a pasted token.
 */
@Singleton
@OpenApiFilter(OpenApiFilter.RunStage.RUNTIME_STARTUP)
public class ConsoleLoginFilter implements OASFilter {

    static final String SCHEME = "keycloak";
    static final String BEARER = "bearer";

    private final ConsoleConfig console;

    ConsoleLoginFilter(ConsoleConfig console) {
        this.console = console;
    }

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        String realm = console.authServerUrl().replaceAll("/+$", "");
        openAPI.getComponents().addSecurityScheme(SCHEME, OASFactory.createSecurityScheme()
                .type(SecurityScheme.Type.OAUTH2)
                .description("Log in with your Labfleet account (Keycloak, authorization code with PKCE)")
                .flows(OASFactory.createOAuthFlows().authorizationCode(OASFactory.createOAuthFlow()
                        .authorizationUrl(realm + "/protocol/openid-connect/auth")
                        .tokenUrl(realm + "/protocol/openid-connect/token")
                        .refreshUrl(realm + "/protocol/openid-connect/token")
                        .scopes(Map.of("openid", "Sign in (OpenID Connect)")))));
        openAPI.setSecurity(withKeycloakAlternative(openAPI.getSecurity()));
        if (openAPI.getPaths() != null) {
            openAPI.getPaths().getPathItems().values().forEach(path -> path.getOperations().values()
                    .forEach(ConsoleLoginFilter::offerKeycloak));
        }
    }

    private static void offerKeycloak(Operation operation) {
        operation.setSecurity(withKeycloakAlternative(operation.getSecurity()));
    }

    /**
     * The requirements plus "keycloak" as an alternative where "bearer" is accepted. Roles are not listed
     * for it: to an OAuth2 scheme they would read as scopes to request, and Keycloak puts roles in the token itself.
     */
    static List<SecurityRequirement> withKeycloakAlternative(List<SecurityRequirement> requirements) {
        if (requirements == null || requirements.stream().noneMatch(requirement -> requirement.hasScheme(BEARER))
                || requirements.stream().anyMatch(requirement -> requirement.hasScheme(SCHEME))) {
            return requirements;
        }
        List<SecurityRequirement> offered = new ArrayList<>(requirements);
        offered.add(OASFactory.createSecurityRequirement().addScheme(SCHEME, List.of()));
        return offered;
    }
}
