package io.labfleet.api;

import io.labfleet.support.ApiTest;
import io.labfleet.support.SshKeygen;
import io.labfleet.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.labfleet.api.SandboxResourceTest.LAB;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** Bad input gets one clear problem+json answer and changes nothing. */
@QuarkusTest
class BadInputResourceTest extends ApiTest {

    String tenant;
    String alice;

    @BeforeEach
    void learner() {
        tenant = freshTenant("bad");
        alice = Tokens.learner(tenant, "alice");
    }

    @Test
    void malformedJsonIsA400ProblemAndCreatesNothing() {
        as(alice).body("{\"labId\": ").post("/api/v1/sandboxes").then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", endsWith("/malformed-json")).body("title", equalTo("Malformed JSON"))
                .body("status", equalTo(400)).body("instance", equalTo("/api/v1/sandboxes"));
        assertNothingCreated();
    }

    @Test
    void unknownFieldsAreRefusedByName() {
        as(alice).body("{\"labId\":\"" + LAB + "\",\"ttl\":5}").post("/api/v1/sandboxes").then().statusCode(400)
                .contentType("application/problem+json").body("type", endsWith("/unknown-field"))
                .body("detail", containsString("ttl"));
        assertNothingCreated();
    }

    @Test
    void outOfRangeAndOversizedValuesListTheirViolations() {
        as(alice).body("{\"labId\":\"" + LAB + "\",\"ttlMinutes\":0}").post("/api/v1/sandboxes").then().spec(problem(400, "invalid-request"))
                .body("violations", hasItem(containsString("ttlMinutes")));
        as(alice).body("{\"labId\":\"" + LAB + "\",\"ttlMinutes\":99999999}").post("/api/v1/sandboxes").then()
                .spec(problem(400, "invalid-request")).body("violations", hasItem(containsString("ttlMinutes")));
        as(alice).body("{\"labId\":\"" + "x".repeat(5000) + "\"}").post("/api/v1/sandboxes").then().spec(problem(400, "invalid-request"))
                .body("violations", hasItem(containsString("labId")));
        as(alice).body("{\"labId\":\"" + LAB + "\",\"ttlMinutes\":\"soon\"}").post("/api/v1/sandboxes").then()
                .spec(problem(400, "invalid-value"));
        as(alice).body("{}").post("/api/v1/sandboxes").then().spec(problem(400, "invalid-request")).body("violations", hasItem(containsString("labId")));
        as(alice).body("").post("/api/v1/sandboxes").then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400));
        as(alice).queryParam("size", 1000).get("/api/v1/sandboxes").then().spec(problem(400, "invalid-request"));
        as(alice).queryParam("state", "SLEEPING").get("/api/v1/sandboxes").then().statusCode(400)
                .contentType("application/problem+json").body("status", equalTo(400)).body("detail", containsString("SLEEPING"));
        assertNothingCreated();
    }

    @Test
    void anUnknownLabIsNamed() {
        as(alice).body("{\"labId\":\"p99-nothing\"}").post("/api/v1/sandboxes").then().statusCode(400)
                .contentType("application/problem+json").body("type", endsWith("/unknown-lab"))
                .body("detail", containsString("p99-nothing"));
        as(alice).get("/api/v1/labs/p99-nothing").then().statusCode(404).contentType("application/problem+json")
                .body("status", equalTo(404));
        assertNothingCreated();
    }

    @Test
    void invalidSshKeysAreRefusedWithTheReasonAndNotStored() {
        String weakRsa = SshKeygen.publicKey("rsa", 1024);
        as(alice).body(new SshKeyRequest(weakRsa)).put("/api/v1/me/ssh-keys/old").then().statusCode(400)
                .contentType("application/problem+json").body("type", endsWith("/invalid-ssh-key"))
                .body("detail", containsString("2048"));
        as(alice).body(new SshKeyRequest("ssh-dss AAAAB3NzaC1kc3M= x")).put("/api/v1/me/ssh-keys/dsa").then()
                .spec(problem(400, "invalid-ssh-key")).body("detail", containsString("not accepted"));
        as(alice).body(new SshKeyRequest("hello")).put("/api/v1/me/ssh-keys/junk").then().spec(problem(400, "invalid-ssh-key"));
        as(alice).body(new SshKeyRequest(SshKeygen.publicKey("ed25519", null))).put("/api/v1/me/ssh-keys/bad%20name!")
                .then().statusCode(400).contentType("application/problem+json").body("status", equalTo(400));
        as(alice).body("{\"publicKey\":\"" + "A".repeat(9000) + "\"}").put("/api/v1/me/ssh-keys/huge").then().statusCode(400)
                .contentType("application/problem+json").body("status", equalTo(400));
        as(alice).get("/api/v1/me/ssh-keys").then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void invalidTenantQuotasChangeNothing() {
        String admin = Tokens.admin("root");
        as(admin).body("{\"maxActiveSandboxes\":-1,\"maxSandboxesPerLearner\":1,\"maxLifetimeMinutes\":60}")
                .put("/api/v1/tenants/" + tenant).then().spec(problem(400, "invalid-request")).body("violations", hasItem(containsString("maxActiveSandboxes")));
        as(admin).body("{\"maxActiveSandboxes\":1,\"maxSandboxesPerLearner\":1,\"maxLifetimeMinutes\":60}")
                .put("/api/v1/tenants/Not_A_Dns_Label").then().statusCode(400)
                .contentType("application/problem+json").body("status", equalTo(400));
        as(admin).get("/api/v1/tenants/" + tenant).then().spec(problem(404, "tenant-not-found"));
    }

    @Test
    void unknownRoutesAndMethodsAreProblemsToo() {
        as(alice).get("/api/v1/sandboxes/sb-doesnotexist").then().spec(problem(404, "sandbox-not-found"));
        as(alice).get("/api/v1/no-such-route").then().statusCode(404).contentType("application/problem+json")
                .body("status", equalTo(404));
        as(alice).body("{}").put("/api/v1/sandboxes").then().spec(problem(405, "method-not-allowed"));
    }

    private void assertNothingCreated() {
        as(alice).get("/api/v1/sandboxes").then().statusCode(200).body("total", equalTo(0));
    }
}
