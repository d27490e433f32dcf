package io.labfleet.api;

import io.labfleet.support.ApiTest;
import io.labfleet.support.KeycloakLogin;
import io.labfleet.support.KeycloakProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static io.labfleet.api.KeycloakLoginIT.endSandboxesOf;
import static io.labfleet.api.SandboxResourceTest.LAB;
import static io.labfleet.api.SandboxResourceTest.awaitState;
import static io.labfleet.api.SandboxResourceTest.create;
import static io.labfleet.api.SandboxResourceTest.stateOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/**
 * What an instructor does in the console, with Keycloak tokens: extend and end their tenant's sandboxes,
 * never another tenant's, and every such action lands in the audit log (who, what, when, target, tenant),
 * which admins and the tenant's instructors can read.
 */
@Tag("keycloak")
@QuarkusTest
@TestProfile(KeycloakProfile.class)
class InstructorActionsIT extends ApiTest {

    String alice;
    String carol;
    String irene;
    String ivan;
    String admin;

    @BeforeEach
    void logIn() {
        endSandboxesOf("alice", "carol");
        alice = KeycloakLogin.accessToken("alice");
        carol = KeycloakLogin.accessToken("carol");
        irene = KeycloakLogin.accessToken("irene");
        ivan = KeycloakLogin.accessToken("ivan");
        admin = KeycloakLogin.accessToken("admin");
    }

    @Test
    void anInstructorExtendsAndEndsTheirTenantsSandboxAndBothActionsAreAudited() {
        Instant before = Instant.now();
        String sandbox = create(alice, "{\"labId\":\"" + LAB + "\"}");
        awaitState(alice, sandbox, "READY");
        Instant expiry = Instant.parse(as(alice).get("/api/v1/sandboxes/" + sandbox).then().extract().path("expiresAt"));

        String extended = as(irene).body("{\"minutes\":30}").post("/api/v1/sandboxes/" + sandbox + "/extend")
                .then().statusCode(200).extract().path("expiresAt");
        assertThat(Instant.parse(extended)).isEqualTo(expiry.plus(Duration.ofMinutes(30)));
        as(irene).delete("/api/v1/sandboxes/" + sandbox).then().statusCode(202).body("state", equalTo("TERMINATING"));
        awaitState(alice, sandbox, "TERMINATED");

        var log = as(irene).queryParam("sandbox", sandbox).get("/api/v1/audit").then().statusCode(200)
                .contentType("application/json").body("total", equalTo(2)).extract().jsonPath();
        assertThat(log.getList("items.action")).containsExactly("SANDBOX_TERMINATED", "SANDBOX_EXTENDED");
        assertThat(log.getList("items.actorName")).containsOnly("irene");
        assertThat(log.getList("items.actorRole")).containsOnly("instructor");
        assertThat(log.getList("items.tenant")).containsOnly("acme");
        assertThat(log.getList("items.target.type")).containsOnly("sandbox");
        assertThat(log.getList("items.target.ownerName")).containsOnly("alice");
        assertThat(log.getList("items.target.owner")).containsOnly(KeycloakLogin.claims(alice).path("sub").asText());
        assertThat(log.getList("items.actor")).containsOnly(KeycloakLogin.claims(irene).path("sub").asText());
        assertThat(log.getString("items[1].detail")).contains("30 min").contains(extended);
        for (String when : log.<String>getList("items.occurredAt")) {
            assertThat(Instant.parse(when)).isBetween(before, Instant.now());
        }

        as(admin).queryParam("tenant", "acme").queryParam("actor", "irene").queryParam("learner", "alice")
                .queryParam("action", "SANDBOX_EXTENDED").queryParam("from", before.toString()).queryParam("size", 100)
                .get("/api/v1/audit").then().statusCode(200).body("items.target.id", hasItem(sandbox));
        as(ivan).queryParam("sandbox", sandbox).get("/api/v1/audit").then().statusCode(200).body("total", equalTo(0));
        as(ivan).queryParam("tenant", "acme").get("/api/v1/audit").then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void anInstructorCannotTouchAnotherTenantsSandboxAndNothingIsAudited() {
        String sandbox = create(carol, "{\"labId\":\"" + LAB + "\"}");
        awaitState(carol, sandbox, "READY");
        String expiry = as(carol).get("/api/v1/sandboxes/" + sandbox).then().extract().path("expiresAt");

        as(irene).body("{\"minutes\":30}").post("/api/v1/sandboxes/" + sandbox + "/extend").then().statusCode(404)
                .contentType("application/problem+json");
        as(irene).delete("/api/v1/sandboxes/" + sandbox).then().statusCode(404).contentType("application/problem+json");
        as(irene).get("/api/v1/sandboxes").then().statusCode(200).body("items.id", not(hasItem(sandbox)));

        as(carol).get("/api/v1/sandboxes/" + sandbox).then().body("state", equalTo("READY")).body("expiresAt", equalTo(expiry));
        as(admin).queryParam("sandbox", sandbox).get("/api/v1/audit").then().statusCode(200).body("total", equalTo(0));
        as(carol).delete("/api/v1/sandboxes/" + sandbox).then().statusCode(202);
    }

    @Test
    void aLearnerActingOnTheirOwnSandboxIsNotAudited() {
        String sandbox = create(alice, "{\"labId\":\"" + LAB + "\"}");
        awaitState(alice, sandbox, "READY");
        as(alice).body("{\"minutes\":10}").post("/api/v1/sandboxes/" + sandbox + "/extend").then().statusCode(200);
        as(alice).delete("/api/v1/sandboxes/" + sandbox).then().statusCode(202);
        assertThat(stateOf(alice, sandbox)).isIn("TERMINATING", "TERMINATED");
        as(admin).queryParam("sandbox", sandbox).get("/api/v1/audit").then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void anAdminsActionsAreAuditedUnderTheSandboxesTenant() {
        String sandbox = create(carol, "{\"labId\":\"" + LAB + "\"}");
        awaitState(carol, sandbox, "READY");
        as(admin).delete("/api/v1/sandboxes/" + sandbox).then().statusCode(202);

        as(ivan).queryParam("sandbox", sandbox).get("/api/v1/audit").then().statusCode(200)
                .body("total", equalTo(1)).body("items[0].action", equalTo("SANDBOX_TERMINATED"))
                .body("items[0].actorName", equalTo("admin")).body("items[0].actorRole", equalTo("admin"))
                .body("items[0].tenant", equalTo("globex")).body("items[0].target.ownerName", equalTo("carol"));
        as(irene).queryParam("sandbox", sandbox).get("/api/v1/audit").then().statusCode(200).body("total", equalTo(0));
    }
}
