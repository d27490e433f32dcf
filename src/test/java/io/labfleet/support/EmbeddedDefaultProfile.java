package io.labfleet.support;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/**
 * The embedded default that the README's run command ({@code bash dev/run}, i.e. {@code quarkus:dev}) gives: the
 * {@code dev} configuration profile, an H2 file database made and migrated from nothing, the dev login. Only what
 * would clash on a machine shared by several test runs moves: the database file (a new one per run), the ports,
 * the gateway's host key; and sandboxes run on the test double, the Docker backend having suites of its own.
 */
public class EmbeddedDefaultProfile implements QuarkusTestProfile {

    private final String database = "target/embedded-h2/run-" + Long.toString(System.nanoTime(), 36) + "/labfleet";

    @Override
    public String getConfigProfile() {
        return "dev";
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.datasource.jdbc.url", "jdbc:h2:file:./" + database
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH",
                "quarkus.http.test-port", "0",
                "labfleet.gateway.port", "0",
                "labfleet.gateway.public-port", "0",
                "labfleet.gateway.bind-host", "127.0.0.1",
                "labfleet.gateway.host-key-path", "target/labfleet-gateway/ssh_host_ed25519_key",
                "labfleet.provisioner.backend", "fake");
    }

    @Override
    public boolean disableGlobalTestResources() {
        return true;
    }
}
