package io.labfleet.api;

import io.labfleet.support.ApiTest;
import io.labfleet.support.Tokens;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import static io.labfleet.api.SandboxResourceTest.LAB;
import static io.labfleet.api.SandboxResourceTest.create;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

/**
 * A token the service has verified once is remembered (the verified-token cache), and that must change nothing a
 * caller can notice: a token is refused once it expires though it was accepted a moment before, a cached token
 * with another signature is a forgery, the identities of tokens used in turn never mix, and the checks made after
 * verification (a subject, the roles) still apply to every request.
 */
@QuarkusTest
class TokenCacheResourceTest extends ApiTest {

    @Inject
    MeterRegistry metrics;

    /** {@code labfleet_token_cache_requests_total{outcome}} as /q/metrics shows it. */
    private double lookups(String outcome) {
        FunctionCounter counter = metrics.find("labfleet.token.cache.requests").tag("outcome", outcome).functionCounter();
        assertThat(counter).as("the token cache's %s meter", outcome).isNotNull();
        return counter.count();
    }

    @Test
    void aTokenIsVerifiedOnceThenServedFromTheCache() {
        String tenant = freshTenant("once");
        String alice = Tokens.learner(tenant, "alice");
        String bob = Tokens.learner(tenant, "bob");
        double hits = lookups("hit");
        double misses = lookups("miss");

        for (int round = 0; round < 5; round++) {
            as(alice).get("/api/v1/sandboxes").then().statusCode(200);
        }
        assertThat(lookups("miss") - misses).as("alice's token verified by the OIDC provider once").isEqualTo(1);
        assertThat(lookups("hit") - hits).as("her next four requests served from the cache").isEqualTo(4);

        as(bob).get("/api/v1/labs").then().statusCode(200);
        as(bob).get("/api/v1/labs").then().statusCode(200);
        assertThat(lookups("miss") - misses).as("another token is verified on its own").isEqualTo(2);
        assertThat(lookups("hit") - hits).isEqualTo(5);
    }

    @Test
    void anAcceptedTokenIsRefusedOnceItExpires() throws InterruptedException {
        String tenant = freshTenant("exp");
        Instant expiry = Instant.ofEpochSecond(Instant.now().plusSeconds(3).getEpochSecond());
        String token = Tokens.expiringAt(expiry, tenant, "alice", "learner");
        as(token).get("/api/v1/sandboxes").then().statusCode(200);
        as(token).get("/api/v1/sandboxes").then().statusCode(200);

        while (!Instant.now().isAfter(expiry.plusMillis(200))) {
            Thread.sleep(100);
        }
        as(token).get("/api/v1/sandboxes").then().spec(problem(401, "unauthenticated"));
        as(token).get("/api/v1/labs").then().spec(problem(401, "unauthenticated"));
    }

    @Test
    void aRememberedTokenWithAnotherSignatureIsAForgery() {
        String tenant = freshTenant("sig");
        String alice = Tokens.learner(tenant, "alice");
        String bob = Tokens.learner(tenant, "bob");
        as(alice).get("/api/v1/sandboxes").then().statusCode(200);
        as(bob).get("/api/v1/sandboxes").then().statusCode(200);

        String aliceWithBobsSignature = alice.substring(0, alice.lastIndexOf('.')) + bob.substring(bob.lastIndexOf('.'));
        as(aliceWithBobsSignature).get("/api/v1/sandboxes").then().spec(problem(401, "unauthenticated"));
        String unsigned = alice.substring(0, alice.lastIndexOf('.') + 1);
        as(unsigned).get("/api/v1/sandboxes").then().spec(problem(401, "unauthenticated"));
        as(alice).get("/api/v1/sandboxes").then().statusCode(200);
    }

    @Test
    void aTokenWithTheClaimsOfARememberedOneIsStillVerified() {
        String tenant = freshTenant("forged");
        String alice = Tokens.learner(tenant, "alice");
        as(alice).get("/api/v1/sandboxes").then().statusCode(200);
        as(alice).get("/api/v1/sandboxes").then().statusCode(200);

        as(Tokens.signedByStranger(tenant, "alice", "learner")).get("/api/v1/sandboxes")
                .then().spec(problem(401, "unauthenticated"));
        String payload = alice.split("\\.")[1];
        String asAdmin = new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8)
                .replace("\"learner\"", "\"admin\"");
        String promoted = alice.replace(payload,
                Base64.getUrlEncoder().withoutPadding().encodeToString(asAdmin.getBytes(StandardCharsets.UTF_8)));
        as(promoted).get("/api/v1/sandboxes").then().spec(problem(401, "unauthenticated"));
        as(promoted).body("{\"maxActiveSandboxes\":1,\"maxSandboxesPerLearner\":1,\"maxLifetimeMinutes\":60}")
                .put("/api/v1/tenants/" + tenant).then().spec(problem(401, "unauthenticated"));
        as(alice).get("/api/v1/sandboxes").then().statusCode(200);
    }

    @Test
    void aRememberedTokenInAnotherHeaderIsNotTakenFromTheCache() {
        String tenant = freshTenant("header");
        String alice = Tokens.learner(tenant, "alice");
        as(alice).get("/api/v1/sandboxes").then().statusCode(200);
        double hits = lookups("hit");

        given().header("Authorization", "Bearer " + alice + "x").get("/api/v1/sandboxes")
                .then().spec(problem(401, "unauthenticated"));
        given().header("Authorization", "Basic " + alice).get("/api/v1/sandboxes")
                .then().statusCode(401);
        given().header("X-Token", alice).get("/api/v1/sandboxes").then().spec(problem(401, "unauthenticated"));
        given().header("Authorization", "Bearer " + alice + " Bearer " + alice).get("/api/v1/sandboxes")
                .then().statusCode(401);
        assertThat(lookups("hit") - hits).as("none of these served from the cache").isZero();
    }

    @Test
    void tokensUsedInTurnKeepTheirOwnIdentities() {
        String tenant = freshTenant("turn");
        String alice = Tokens.learner(tenant, "alice");
        String bob = Tokens.learner(tenant, "bob");
        String aliceSandbox = create(alice, "{\"labId\":\"" + LAB + "\"}");
        String bobSandbox = create(bob, "{\"labId\":\"" + LAB + "\"}");

        for (int round = 0; round < 10; round++) {
            as(alice).get("/api/v1/sandboxes").then().statusCode(200).body("items.id", contains(aliceSandbox));
            as(bob).get("/api/v1/sandboxes").then().statusCode(200).body("items.id", contains(bobSandbox));
            as(alice).get("/api/v1/sandboxes/" + bobSandbox).then().spec(problem(404, "sandbox-not-found"));
            as(bob).get("/api/v1/sandboxes/" + aliceSandbox).then().spec(problem(404, "sandbox-not-found"));
            as(alice).get("/api/v1/sandboxes/" + aliceSandbox).then().statusCode(200).body("learner", equalTo("alice"));
        }
    }

    @Test
    void checksAfterVerificationApplyToEveryRequest() {
        String tenant = freshTenant("again");
        String withoutSubject = Tokens.withoutSubject(tenant, "alice", "learner");
        String learner = Tokens.learner(tenant, "alice");
        for (int round = 0; round < 3; round++) {
            as(withoutSubject).get("/api/v1/sandboxes").then().spec(problem(401, "unauthenticated"));
            as(learner).body("{\"maxActiveSandboxes\":1,\"maxSandboxesPerLearner\":1,\"maxLifetimeMinutes\":60}")
                    .put("/api/v1/tenants/" + tenant).then().spec(problem(403, "forbidden"));
        }
    }
}
