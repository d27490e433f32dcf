package io.labfleet.api;

import io.labfleet.support.ApiTest;
import io.labfleet.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.labfleet.api.SandboxResourceTest.LAB;
import static io.labfleet.api.SandboxResourceTest.create;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/** Reading the audit log: who may, the filters and the paging. The Keycloak suites cover the actions themselves. */
@QuarkusTest
class AuditResourceTest extends ApiTest {

    @Test
    void entriesComeNewestFirstPageByPageAndFilterByLearnerActionAndTime() {
        String tenant = freshTenant("audit");
        String instructor = Tokens.instructor(tenant, "irene");
        Instant start = Instant.now();
        List<String> sandboxes = new ArrayList<>();
        for (String learner : List.of("alice", "bob", "carol")) {
            String sandbox = create(Tokens.learner(tenant, learner), "{\"labId\":\"" + LAB + "\"}");
            as(instructor).body("{\"minutes\":5}").post("/api/v1/sandboxes/" + sandbox + "/extend").then().statusCode(200);
            sandboxes.add(sandbox);
        }
        as(instructor).delete("/api/v1/sandboxes/" + sandboxes.get(2)).then().statusCode(202);

        var first = as(instructor).queryParam("size", 2).get("/api/v1/audit").then().statusCode(200)
                .body("total", equalTo(4)).body("items", hasSize(2)).extract().jsonPath();
        assertThat(first.getList("items.action")).containsExactly("SANDBOX_TERMINATED", "SANDBOX_EXTENDED");
        assertThat(first.getList("items.target.id")).containsExactly(sandboxes.get(2), sandboxes.get(2));
        as(instructor).queryParam("size", 2).queryParam("page", 1).get("/api/v1/audit").then().statusCode(200)
                .body("items.target.id", equalTo(List.of(sandboxes.get(1), sandboxes.get(0))));

        as(instructor).queryParam("learner", "bob").get("/api/v1/audit").then()
                .body("total", equalTo(1)).body("items[0].target.id", equalTo(sandboxes.get(1)));
        as(instructor).queryParam("action", "sandbox_terminated").get("/api/v1/audit").then()
                .body("total", equalTo(1)).body("items[0].target.ownerName", equalTo("carol"));
        as(instructor).queryParam("to", start.toString()).get("/api/v1/audit").then().body("total", equalTo(0));
        as(instructor).queryParam("from", start.toString()).queryParam("actor", "irene").get("/api/v1/audit").then()
                .body("total", equalTo(4));
    }

    @Test
    void instructorsReadOnlyTheirTenantAdminsReadAnyAndLearnersNone() {
        String tenantA = freshTenant("a");
        String tenantB = freshTenant("b");
        String sandbox = create(Tokens.learner(tenantA, "alice"), "{\"labId\":\"" + LAB + "\"}");
        as(Tokens.instructor(tenantA, "irene")).delete("/api/v1/sandboxes/" + sandbox).then().statusCode(202);

        as(Tokens.instructor(tenantB, "ivan")).queryParam("tenant", tenantA).get("/api/v1/audit").then()
                .statusCode(200).body("total", equalTo(0));
        as(Tokens.instructor(tenantB, "ivan")).queryParam("sandbox", sandbox).get("/api/v1/audit").then()
                .body("total", equalTo(0));
        as(Tokens.admin("root")).queryParam("tenant", tenantA).get("/api/v1/audit").then()
                .body("total", equalTo(1)).body("items[0].tenant", equalTo(tenantA));
        as(Tokens.learner(tenantA, "alice")).get("/api/v1/audit").then().statusCode(403)
                .contentType("application/problem+json").body("type", endsWith("/forbidden"));
        anonymous().get("/api/v1/audit").then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void anInstructorWithoutATenantListsNothingRatherThanEverything() {
        String stray = Tokens.token(null, "stray", "instructor");
        as(stray).get("/api/v1/audit").then().statusCode(403).body("type", endsWith("/no-tenant"));
        as(stray).get("/api/v1/sandboxes").then().statusCode(403).body("type", endsWith("/no-tenant"));
        as(stray).get("/api/v1/progress").then().statusCode(403).body("type", endsWith("/no-tenant"));
    }

    @Test
    void invalidFiltersAre400Problems() {
        String instructor = Tokens.instructor(freshTenant("bad"), "irene");
        as(instructor).queryParam("action", "SANDBOX_EXPLODED").get("/api/v1/audit").then().statusCode(400)
                .contentType("application/problem+json").body("detail", org.hamcrest.Matchers.containsString("SANDBOX_EXTENDED"));
        as(instructor).queryParam("from", "yesterday").get("/api/v1/audit").then().statusCode(400)
                .body("detail", org.hamcrest.Matchers.containsString("ISO-8601"));
        as(instructor).queryParam("size", 0).get("/api/v1/audit").then().statusCode(400);
    }
}
