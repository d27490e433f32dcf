package io.labfleet.support;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/**
 * The production profile's security: bearer tokens only, the dev login off (it is on in the other suites, which
 * the README's dev users need). Tokens are still the locally signed ones of {@link Tokens}, verified as a realm's.
 */
public class ProductionSecurityProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("labfleet.dev-login.enabled", "false");
    }
}
