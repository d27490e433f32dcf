package io.labfleet.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.labfleet.support.ApiTest;
import io.labfleet.support.Await;
import io.labfleet.support.KeycloakLogin;
import io.labfleet.support.KeycloakProfile;
import io.labfleet.support.KeycloakServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import static io.labfleet.api.SandboxResourceTest.LAB;
import static io.labfleet.api.SandboxResourceTest.awaitState;
import static io.labfleet.api.SandboxResourceTest.create;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/**
 * The production login path against a real Keycloak running the realm the repository ships: the console's
 * login (authorization code with PKCE) gives tokens the API accepts; roles and the tenant come from the
 * token; expired, tampered, re-signed, foreign-realm and wrong-audience tokens are refused with 401.
 */
@Tag("keycloak")
@QuarkusTest
@TestProfile(KeycloakProfile.class)
class KeycloakLoginIT extends ApiTest {

    static final String REDIRECT = "http://localhost:8080/q/swagger-ui/oauth2-redirect.html";

    @Test
    void theConsoleLogsInThroughKeycloakWithPkceAndItsTokenWorks() {
        JsonPath openApi = JsonPath.from(RestAssured.get("/q/openapi?format=json").then().statusCode(200).extract().asString());
        String flow = "components.securitySchemes.keycloak.flows.authorizationCode.";
        String authorizationUrl = openApi.getString(flow + "authorizationUrl");
        String tokenUrl = openApi.getString(flow + "tokenUrl");
        assertThat(authorizationUrl).isEqualTo(KeycloakServer.realmUrl(KeycloakServer.REALM) + "/protocol/openid-connect/auth");
        String console = RestAssured.get("/q/swagger-ui/").then().statusCode(200).extract().asString();
        assertThat(console).contains("clientId: '" + KeycloakServer.CONSOLE_CLIENT + "'")
                .contains("usePkceWithAuthorizationCodeGrant: true");

        KeycloakLogin.Redirect redirect = KeycloakLogin.authorize(authorizationUrl, KeycloakServer.CONSOLE_CLIENT, REDIRECT, "irene");
        assertThat(redirect.location().toString()).startsWith(REDIRECT + "?");
        JsonNode tokens = KeycloakLogin.exchangeCode(tokenUrl, KeycloakServer.CONSOLE_CLIENT, REDIRECT, redirect);
        String token = tokens.path("access_token").asText();

        JsonNode claims = KeycloakLogin.claims(token);
        assertThat(claims.path("tenant").asText()).isEqualTo("acme");
        assertThat(claims.path("aud").toString()).contains("labfleet-api");
        assertThat(claims.path("realm_access").path("roles").toString()).contains("instructor");
        as(token).get("/api/v1/sandboxes").then().statusCode(200);
        as(token).get("/api/v1/audit").then().statusCode(200);
    }

    @Test
    void theConsoleClientRequiresPkce() {
        var withoutChallenge = KeycloakLogin.get(KeycloakServer.realmUrl(KeycloakServer.REALM)
                + "/protocol/openid-connect/auth?response_type=code&scope=openid&client_id=" + KeycloakServer.CONSOLE_CLIENT
                + "&redirect_uri=" + java.net.URLEncoder.encode(REDIRECT, StandardCharsets.UTF_8));
        assertThat(withoutChallenge.statusCode()).as("no login form without a PKCE challenge").isNotEqualTo(200);
        assertThat(withoutChallenge.headers().firstValue("Location").orElse(""))
                .contains("error=invalid_request").contains("code_challenge_method");
    }

    /** Ends what the demo users left running (the realm's users are fixed, so quotas carry over between runs). */
    static void endSandboxesOf(String... users) {
        for (String user : users) {
            String token = KeycloakLogin.accessToken(user);
            as(token).queryParam("size", 100).get("/api/v1/sandboxes").then().statusCode(200).extract()
                    .jsonPath().<java.util.Map<String, String>>getList("items").stream()
                    .filter(sandbox -> !java.util.Set.of("TERMINATING", "TERMINATED", "FAILED").contains(sandbox.get("state")))
                    .forEach(sandbox -> as(token).delete("/api/v1/sandboxes/" + sandbox.get("id")).then().statusCode(202));
        }
    }

    @Test
    void rolesAndTenantComeFromKeycloak() {
        endSandboxesOf("alice");
        String alice = KeycloakLogin.accessToken("alice");
        String aliceSandbox = create(alice, "{\"labId\":\"" + LAB + "\"}");
        awaitState(alice, aliceSandbox, "READY");
        try {
            as(KeycloakLogin.accessToken("bob")).get("/api/v1/sandboxes/" + aliceSandbox).then().statusCode(404);
            as(KeycloakLogin.accessToken("carol")).get("/api/v1/sandboxes/" + aliceSandbox).then().statusCode(404);
            as(KeycloakLogin.accessToken("ivan")).get("/api/v1/sandboxes/" + aliceSandbox).then().statusCode(404);
            as(KeycloakLogin.accessToken("ivan")).get("/api/v1/sandboxes").then().statusCode(200)
                    .body("items.tenant", everyItem(equalTo("globex"))).body("items.id", not(hasItem(aliceSandbox)));

            String irene = KeycloakLogin.accessToken("irene");
            as(irene).queryParam("learner", "alice").queryParam("labId", LAB).queryParam("state", "READY")
                    .get("/api/v1/sandboxes").then().statusCode(200)
                    .body("items.id", hasItem(aliceSandbox)).body("items.learnerName", everyItem(equalTo("alice")));
            as(irene).queryParam("learner", "bob").get("/api/v1/sandboxes").then().statusCode(200)
                    .body("items.id", not(hasItem(aliceSandbox)));
            as(irene).get("/api/v1/tenants").then().statusCode(403).contentType("application/problem+json");
            as(alice).get("/api/v1/audit").then().statusCode(403).contentType("application/problem+json");

            String admin = KeycloakLogin.accessToken("admin");
            as(admin).queryParam("tenant", "acme").queryParam("learner", "alice").queryParam("size", 100)
                    .get("/api/v1/sandboxes").then().statusCode(200).body("items.id", hasItem(aliceSandbox));
            as(admin).get("/api/v1/tenants/acme").then().statusCode(200);
        } finally {
            as(alice).delete("/api/v1/sandboxes/" + aliceSandbox).then().statusCode(202);
        }
    }

    @Test
    void aUserCannotMoveThemselvesToAnotherTenant() {
        String alice = KeycloakLogin.accessToken("alice");
        JsonNode claims = KeycloakLogin.claims(alice);
        String profile = "{\"username\":\"alice\",\"email\":\"" + claims.path("email").asText()
                + "\",\"firstName\":\"Alice\",\"lastName\":\"Martin\",\"attributes\":{\"tenant\":[\"globex\"]}}";
        RestAssured.given().auth().oauth2(alice).contentType("application/json").body(profile)
                .post(KeycloakServer.realmUrl(KeycloakServer.REALM) + "/account/").then().statusCode(400)
                .body("field", equalTo("tenant")).body("errorMessage", equalTo("error-user-attribute-read-only"));

        assertThat(KeycloakLogin.claims(KeycloakLogin.accessToken("alice")).path("tenant").asText()).isEqualTo("acme");
    }

    /**
     * A token accepted while it lives is refused once it expired. Its 4 s life may run out before a busy machine
     * makes the first call: a token is drawn again until one is used while still valid; then the clock, not a
     * fixed sleep, says when it has expired.
     */
    @Test
    void anExpiredTokenIs401() {
        String token = Await.until(Duration.ofMinutes(2), KeycloakLoginIT::shortLivedTokenUsedWhileValid,
                java.util.Objects::nonNull, "a short-lived token used before it expires");

        long expiry = KeycloakLogin.claims(token).path("exp").asLong();
        Await.until(Duration.ofSeconds(KeycloakServer.SHORT_LIFESPAN_SECONDS + 60), Instant::now,
                now -> now.getEpochSecond() > expiry + 1, "the token's expiry to pass");
        unauthorized(token);
    }

    /** A fresh short-lived token once the API accepted it while it was valid; null when it expired on the way. */
    private static String shortLivedTokenUsedWhileValid() {
        String token = KeycloakLogin.passwordGrant(KeycloakServer.REALM, KeycloakServer.SHORT_LIVED_CLIENT, "alice")
                .path("access_token").asText();
        int status = as(token).get("/api/v1/labs").then().extract().statusCode();
        if (Instant.now().getEpochSecond() >= KeycloakLogin.claims(token).path("exp").asLong()) {
            return null;
        }
        assertThat(status).as("a valid short-lived token is accepted").isEqualTo(200);
        return token;
    }

    @Test
    void aTamperedOrResignedTokenIs401() throws Exception {
        String genuine = KeycloakLogin.accessToken("alice");
        as(genuine).get("/api/v1/labs").then().statusCode(200);
        String[] parts = genuine.split("\\.");
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();

        String otherTenant = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"tenant\":\"acme\"", "\"tenant\":\"globex\"");
        assertThat(otherTenant).contains("\"tenant\":\"globex\"");
        unauthorized(parts[0] + "." + base64.encodeToString(otherTenant.getBytes(StandardCharsets.UTF_8)) + "." + parts[2]);

        var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(generator.generateKeyPair().getPrivate());
        signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        unauthorized(parts[0] + "." + parts[1] + "." + base64.encodeToString(signature.sign()));

        String unsigned = base64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        unauthorized(unsigned + "." + parts[1] + ".");
    }

    @Test
    void aTokenFromAnotherRealmIs401() {
        String foreign = KeycloakLogin.passwordGrant(KeycloakServer.OTHER_REALM, KeycloakServer.TEST_CLIENT, "alice")
                .path("access_token").asText();
        assertThat(KeycloakLogin.claims(foreign).path("tenant").asText()).isEqualTo("acme");
        unauthorized(foreign);
    }

    @Test
    void aTokenIssuedForAnotherClientIs401() {
        String forAdminCli = KeycloakLogin.passwordGrant(KeycloakServer.REALM, "admin-cli", "alice")
                .path("access_token").asText();
        assertThat(KeycloakLogin.claims(forAdminCli).path("aud").toString()).doesNotContain("labfleet-api");
        unauthorized(forAdminCli);
    }

    private static void unauthorized(String token) {
        as(token).get("/api/v1/labs").then().statusCode(401).contentType("application/problem+json")
                .body("status", equalTo(401)).body("type", endsWith("/unauthenticated"));
    }
}
