package io.labfleet.support;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;
import java.util.Map;

/**
 * The end-to-end profile: the service verifies tokens against a real Keycloak ({@link KeycloakServer})
 * exactly as in production, instead of the locally signed test tokens ({@link Tokens}) of the other suites,
 * and with the production profile's security: the dev login off.
 */
public class KeycloakProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("labfleet.dev-login.enabled", "false");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(KeycloakServer.class));
    }

    @Override
    public boolean disableGlobalTestResources() {
        return true;
    }
}
