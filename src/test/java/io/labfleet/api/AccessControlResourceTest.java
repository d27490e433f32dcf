package io.labfleet.api;

import io.labfleet.support.ApiTest;
import io.labfleet.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.labfleet.api.SandboxResourceTest.LAB;
import static io.labfleet.api.SandboxResourceTest.create;
import static io.labfleet.api.SandboxResourceTest.stateOf;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

/** The role and tenant matrix: who sees, changes and deletes whose sandboxes. */
@QuarkusTest
class AccessControlResourceTest extends ApiTest {

    String tenantA;
    String tenantB;
    String aliceOfA;
    String bobOfA;
    String carolOfB;
    String aliceSandbox;
    String carolSandbox;

    @BeforeEach
    void twoTenantsWithASandboxEach() {
        tenantA = freshTenant("a");
        tenantB = freshTenant("b");
        aliceOfA = Tokens.learner(tenantA, "alice");
        bobOfA = Tokens.learner(tenantA, "bob");
        carolOfB = Tokens.learner(tenantB, "carol");
        aliceSandbox = create(aliceOfA, "{\"labId\":\"" + LAB + "\"}");
        carolSandbox = create(carolOfB, "{\"labId\":\"" + LAB + "\"}");
    }

    @Test
    void anonymousCallersGet401ProblemsEverywhere() {
        for (String path : new String[]{"/api/v1/labs", "/api/v1/sandboxes", "/api/v1/sandboxes/" + aliceSandbox,
                "/api/v1/me/ssh-keys", "/api/v1/tenants"}) {
            anonymous().get(path).then().statusCode(401).contentType("application/problem+json")
                    .body("status", equalTo(401)).body("type", endsWith("/unauthenticated"));
        }
        anonymous().body("{\"labId\":\"" + LAB + "\"}").post("/api/v1/sandboxes").then().spec(problem(401, "unauthenticated"));
    }

    @Test
    void expiredForgedAndGarbageTokensAre401() {
        as(Tokens.expired(tenantA, "alice", "learner")).get("/api/v1/sandboxes").then().spec(problem(401, "unauthenticated"));
        as(Tokens.signedByStranger(tenantA, "alice", "learner")).get("/api/v1/sandboxes").then().spec(problem(401, "unauthenticated"));
        as("not-a-token").get("/api/v1/sandboxes").then().spec(problem(401, "unauthenticated"));
        as(Tokens.withoutSubject(tenantA, "alice", "learner")).get("/api/v1/sandboxes").then().spec(problem(401, "unauthenticated"));
    }

    @Test
    void aLearnerCannotReadChangeOrDeleteAnotherLearnersSandbox() {
        for (String intruder : new String[]{bobOfA, carolOfB}) {
            as(intruder).get("/api/v1/sandboxes/" + aliceSandbox).then().spec(problem(404, "sandbox-not-found"));
            as(intruder).delete("/api/v1/sandboxes/" + aliceSandbox).then().spec(problem(404, "sandbox-not-found"));
            as(intruder).body("{\"minutes\":10}").post("/api/v1/sandboxes/" + aliceSandbox + "/extend").then()
                    .spec(problem(404, "sandbox-not-found"));
            as(intruder).get("/api/v1/sandboxes").then().statusCode(200).body("items.id", not(hasItem(aliceSandbox)));
        }
        as(bobOfA).queryParam("learner", "alice").get("/api/v1/sandboxes").then().statusCode(200).body("total", equalTo(0));
        as(aliceOfA).get("/api/v1/sandboxes/" + aliceSandbox).then().statusCode(200);
        org.assertj.core.api.Assertions.assertThat(stateOf(aliceOfA, aliceSandbox)).isNotIn("TERMINATING", "TERMINATED");
    }

    @Test
    void anInstructorSeesAndManagesOnlyTheirTenant() {
        String ireneOfA = Tokens.instructor(tenantA, "irene");

        as(ireneOfA).get("/api/v1/sandboxes").then().statusCode(200)
                .body("items.id", hasItem(aliceSandbox)).body("items.id", not(hasItem(carolSandbox)));
        as(ireneOfA).queryParam("tenant", tenantB).get("/api/v1/sandboxes").then().statusCode(200).body("total", equalTo(0));
        as(ireneOfA).get("/api/v1/sandboxes/" + carolSandbox).then().spec(problem(404, "sandbox-not-found"));
        as(ireneOfA).delete("/api/v1/sandboxes/" + carolSandbox).then().spec(problem(404, "sandbox-not-found"));
        as(ireneOfA).body("{\"minutes\":10}").post("/api/v1/sandboxes/" + aliceSandbox + "/extend").then().statusCode(200);
        as(ireneOfA).get("/api/v1/tenants/" + tenantA).then().spec(problem(403, "forbidden"));
    }

    @Test
    void anAdminSeesEveryTenant() {
        String admin = Tokens.admin("root");
        as(admin).queryParam("size", 100).get("/api/v1/sandboxes").then().statusCode(200)
                .body("items.id", hasItems(aliceSandbox, carolSandbox));
        as(admin).queryParam("tenant", tenantB).get("/api/v1/sandboxes").then().statusCode(200)
                .body("total", equalTo(1)).body("items[0].id", equalTo(carolSandbox));
        as(admin).get("/api/v1/sandboxes/" + aliceSandbox).then().statusCode(200);
    }

    @Test
    void onlyAdminsManageTenants() {
        String body = "{\"maxActiveSandboxes\":3,\"maxSandboxesPerLearner\":1,\"maxLifetimeMinutes\":60}";
        as(aliceOfA).body(body).put("/api/v1/tenants/" + tenantA).then().statusCode(403)
                .contentType("application/problem+json").body("type", endsWith("/forbidden"));
        as(Tokens.instructor(tenantA, "irene")).body(body).put("/api/v1/tenants/" + tenantA).then().spec(problem(403, "forbidden"));
        as(Tokens.admin("root")).body(body).put("/api/v1/tenants/" + tenantA).then().statusCode(200)
                .body("maxActiveSandboxes", equalTo(3));
        as(Tokens.admin("root")).get("/api/v1/tenants/" + tenantA).then().statusCode(200).body("maxSandboxesPerLearner", equalTo(1));
    }

    @Test
    void aTokenWithoutTenantCannotOwnAnything() {
        String stray = Tokens.token(null, "stray", "learner");
        as(stray).body("{\"labId\":\"" + LAB + "\"}").post("/api/v1/sandboxes").then().spec(problem(403, "no-tenant"));
        as(stray).get("/api/v1/me/ssh-keys").then().spec(problem(403, "no-tenant"));
    }

    @Test
    void aTokenWithoutAnyLabfleetRoleIsForbidden() {
        as(Tokens.token(tenantA, "nobody", "offline_access")).get("/api/v1/labs").then().spec(problem(403, "forbidden"));
    }
}
