package io.labfleet.api;

import io.labfleet.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;

/**
 * The identity provider does not answer (down, or unreachable from the service): a request with a bearer token
 * cannot be verified, which is the service's trouble, not the caller's fault. It answers 503 problem+json.
 */
@Tag("slow")
@QuarkusTest
@TestProfile(OidcUnreachableResourceTest.UnreachableIdentityProvider.class)
class OidcUnreachableResourceTest {

    public static class UnreachableIdentityProvider implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.oidc.auth-server-url", "http://127.0.0.1:" + closedPort() + "/realms/labfleet",
                    "quarkus.oidc.connection-delay", "0s");
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }
    }

    /** A loopback port nothing listens on: taken, then given back. */
    static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeAll
    static void signingKeys() {
        new Tokens().start();
    }

    @Test
    void aTokenThatCannotBeVerifiedForWantOfTheIdentityProviderIs503() {
        RestAssured.given().header("Authorization", "Bearer " + Tokens.learner("acme", "alice"))
                .get("/api/v1/sandboxes").then().statusCode(503)
                .contentType("application/problem+json")
                .body("type", endsWith("/identity-provider-unavailable"))
                .body("detail", containsString("try again"));
        RestAssured.given().get("/api/v1/sandboxes").then().statusCode(401);
    }
}
