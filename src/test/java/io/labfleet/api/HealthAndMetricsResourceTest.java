package io.labfleet.api;

import io.labfleet.support.ApiTest;
import io.labfleet.support.FakeSandboxProvisioner;
import io.labfleet.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

@QuarkusTest
class HealthAndMetricsResourceTest extends ApiTest {

    @Inject
    FakeSandboxProvisioner provisioner;

    @Test
    void readinessCoversTheDatabaseAndTheBackend() {
        RestAssured.get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        RestAssured.get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItem("sandbox-backend"))
                .body("checks.name", hasItem(containsString("Database")));
        provisioner.setReachable(false);
        try {
            RestAssured.get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"));
        } finally {
            provisioner.setReachable(true);
        }
    }

    @Test
    void prometheusMetricsIncludeProvisioning() {
        String alice = Tokens.learner(freshTenant("metrics"), "alice");
        String id = SandboxResourceTest.create(alice, "{\"labId\":\"" + SandboxResourceTest.LAB + "\"}");
        SandboxResourceTest.awaitState(alice, id, "READY");

        RestAssured.get("/q/metrics").then().statusCode(200)
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
