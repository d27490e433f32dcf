package io.labfleet.api;

import io.labfleet.support.ApiTest;
import io.labfleet.support.FakeSandboxProvisioner;
import io.labfleet.support.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

@QuarkusTest
class HealthAndMetricsResourceTest extends ApiTest {

    @Inject
    FakeSandboxProvisioner provisioner;

    /** The management interface's root ({@code /q} on a port of its own), apart from the API that learners reach. */
    @TestHTTPResource(value = "", management = true)
    URL management;

    /** An endpoint of the management interface, {@code path} relative to its root (e.g. {@code health/ready}). */
    private URI managementPath(String path) {
        try {
            return management.toURI().resolve(path);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void healthAndMetricsAreServedOnTheManagementPortOnly() {
        RestAssured.get(managementPath("health/live")).then().statusCode(200).body("status", equalTo("UP"));
        RestAssured.get(managementPath("metrics")).then().statusCode(200);
        for (String path : new String[]{"/q/health", "/q/health/ready", "/q/metrics"}) {
            RestAssured.get(path).then().statusCode(404);
        }
    }

    @Test
    void aBackendThatDoesNotAnswerLeavesTheReplicaReadyAndRefusesOnlyCreateAndDelete() {
        String alice = Tokens.learner(freshTenant("health"), "alice");
        String id = SandboxResourceTest.create(alice, "{\"labId\":\"" + SandboxResourceTest.LAB + "\"}");
        SandboxResourceTest.awaitState(alice, id, "READY");
        RestAssured.get(managementPath("health/ready")).then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItem(containsString("Database")))
                .body("checks.name", not(hasItem("sandbox-backend")));
        RestAssured.get(managementPath("health/group/backend")).then().statusCode(200)
                .body("checks.name", hasItem("sandbox-backend"));

        provisioner.setReachable(false);
        try {
            RestAssured.get(managementPath("health/ready")).then().statusCode(200).body("status", equalTo("UP"));
            RestAssured.get(managementPath("health/group/backend")).then().statusCode(503)
                    .body("status", equalTo("DOWN"));
            as(alice).get("/api/v1/sandboxes/" + id).then().statusCode(200).body("state", equalTo("READY"));
            as(alice).body("{\"labId\":\"" + SandboxResourceTest.LAB + "\"}").post("/api/v1/sandboxes").then()
                    .statusCode(503).contentType("application/problem+json");
            as(alice).delete("/api/v1/sandboxes/" + id).then().statusCode(503)
                    .contentType("application/problem+json").body("detail", containsString("no sandbox can be deleted"));
            as(alice).get("/api/v1/sandboxes/" + id).then().statusCode(200).body("state", equalTo("READY"));
        } finally {
            provisioner.setReachable(true);
        }
        as(alice).delete("/api/v1/sandboxes/" + id).then().statusCode(202);
    }

    @Test
    void prometheusMetricsIncludeProvisioning() {
        String alice = Tokens.learner(freshTenant("metrics"), "alice");
        String id = SandboxResourceTest.create(alice, "{\"labId\":\"" + SandboxResourceTest.LAB + "\"}");
        SandboxResourceTest.awaitState(alice, id, "READY");

        RestAssured.get(managementPath("metrics")).then().statusCode(200)
                .body(containsString("labfleet_sandbox_provisioning_seconds_count{outcome=\"ready\"}"));
    }

    @Test
    void theLabCatalogListsThePart3Lab() {
        as(Tokens.learner(freshTenant("labs"), "alice")).get("/api/v1/labs").then().statusCode(200)
                .body("id", hasItem("p3-container-lifecycle"))
                .body("find { it.id == 'p3-container-lifecycle' }.part", equalTo(3))
                .body("find { it.id == 'p3-container-lifecycle' }.instructions", org.hamcrest.Matchers.nullValue());
        as(Tokens.learner(freshTenant("labs"), "alice")).get("/api/v1/labs/p3-container-lifecycle").then()
                .body("instructions.fr", containsString("docker run -d --name mon-web nginx"));
    }
}
