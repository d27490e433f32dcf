package io.labfleet.api;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@OpenAPIDefinition(
        info = @Info(title = "Labfleet API", version = "1",
                description = "Hands-on Docker labs: an isolated Docker engine per learner, a remote Docker context to "
                        + "drive it over SSH, and automatic checking of each exercise. Errors are RFC 9457 "
                        + "application/problem+json."),
        security = @SecurityRequirement(name = "bearer"),
        tags = {
                @Tag(name = "Labs", description = "The course's labs"),
                @Tag(name = "Sandboxes", description = "Learners' Docker engines"),
                @Tag(name = "SSH keys", description = "Public keys that open the learner's remote Docker context"),
                @Tag(name = "Tenants", description = "Organisations and their quotas (admin)"),
                @Tag(name = "Warm pools", description = "Sandboxes started in advance per lab (admin)"),
                @Tag(name = "Audit", description = "What instructors and admins did to learners' sandboxes")
        })
@SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT",
        description = "An access token from the identity provider (Keycloak)")
public class LabfleetApi extends Application {
}
