package io.labfleet.support;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;

/**
 * The end-to-end profile: the service verifies tokens against a real Keycloak ({@link KeycloakServer})
 * exactly as in production, instead of the locally signed test tokens ({@link Tokens}) of the other suites.
 */
public class KeycloakProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(KeycloakServer.class));
    }

    @Override
    public boolean disableGlobalTestResources() {
        return true;
    }
}
