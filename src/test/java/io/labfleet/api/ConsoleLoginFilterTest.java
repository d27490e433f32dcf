package io.labfleet.api;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleLoginFilterTest {

    @Test
    void keycloakIsOfferedWhereverABearerTokenIsAccepted() {
        SecurityRequirement bearer = OASFactory.createSecurityRequirement().addScheme("bearer", List.of("learner", "admin"));

        List<SecurityRequirement> offered = ConsoleLoginFilter.withKeycloakAlternative(List.of(bearer));

        assertThat(offered).hasSize(2).first().isSameAs(bearer);
        assertThat(offered.get(1).getSchemes()).containsOnlyKeys("keycloak");
        assertThat(offered.get(1).getScheme("keycloak")).as("roles are not OAuth2 scopes").isEmpty();
    }

    @Test
    void openOperationsAndOtherSchemesAreLeftAlone() {
        assertThat(ConsoleLoginFilter.withKeycloakAlternative(null)).isNull();
        assertThat(ConsoleLoginFilter.withKeycloakAlternative(List.of())).isEmpty();
        SecurityRequirement basic = OASFactory.createSecurityRequirement().addScheme("basic");
        assertThat(ConsoleLoginFilter.withKeycloakAlternative(List.of(basic))).containsExactly(basic);
    }

    @Test
    void runningTwiceOffersKeycloakOnce() {
        SecurityRequirement bearer = OASFactory.createSecurityRequirement().addScheme("bearer");
        List<SecurityRequirement> once = ConsoleLoginFilter.withKeycloakAlternative(List.of(bearer));
        assertThat(ConsoleLoginFilter.withKeycloakAlternative(once)).isEqualTo(once);
    }
}
