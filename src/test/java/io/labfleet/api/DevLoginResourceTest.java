package io.labfleet.api;

import io.labfleet.support.ApiTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** The dev-only Basic login the README's run command offers, with the users of dev/users.properties. */
@QuarkusTest
class DevLoginResourceTest extends ApiTest {

    @Test
    void devUsersLogInWithTheirTenantAndRoles() {
        RestAssured.given().auth().preemptive().basic("alice", "alice").get("/api/v1/labs").then()
                .statusCode(200).body("id", hasItem("p3-container-lifecycle"));
        String id = RestAssured.given().auth().preemptive().basic("alice", "alice").contentType("application/json")
                .body("{\"labId\":\"p3-container-lifecycle\"}").post("/api/v1/sandboxes").then().statusCode(202)
                .body("tenant", equalTo("acme")).body("learner", equalTo("alice")).extract().path("id");

        RestAssured.given().auth().preemptive().basic("carol", "carol").get("/api/v1/sandboxes/" + id).then().statusCode(404);
        RestAssured.given().auth().preemptive().basic("irene", "irene").get("/api/v1/sandboxes/" + id).then().statusCode(200);
        RestAssured.given().auth().preemptive().basic("alice", "alice").delete("/api/v1/sandboxes/" + id).then().statusCode(202);
    }

    @Test
    void aWrongPasswordOrUnknownUserIs401() {
        RestAssured.given().auth().preemptive().basic("alice", "wrong").get("/api/v1/labs").then().statusCode(401)
                .contentType("application/problem+json");
        RestAssured.given().auth().preemptive().basic("mallory", "x").get("/api/v1/labs").then().statusCode(401);
        RestAssured.given().header("Authorization", "Basic !!!").get("/api/v1/labs").then().statusCode(401);
    }

    @Test
    void learnersCannotActAsAdmins() {
        RestAssured.given().auth().preemptive().basic("alice", "alice").get("/api/v1/tenants").then().statusCode(403);
        RestAssured.given().auth().preemptive().basic("admin", "admin").get("/api/v1/tenants").then().statusCode(200);
    }
}
