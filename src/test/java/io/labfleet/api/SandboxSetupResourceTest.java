package io.labfleet.api;

import io.labfleet.support.ApiTest;
import io.labfleet.support.Await;
import io.labfleet.support.FakeSandboxProvisioner;
import io.labfleet.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A lab's setup is part of starting its sandbox: when it cannot be applied, the sandbox never becomes READY but ends
 * FAILED, naming the command, and leaves nothing behind. (The fake backend's daemon address answers nothing; the setup
 * applied on real sandboxes is tested by LabSetupIT and LabsIT.)
 */
@QuarkusTest
class SandboxSetupResourceTest extends ApiTest {

    @Inject
    FakeSandboxProvisioner provisioner;

    @Test
    void aSetupThatCannotBeAppliedFailsTheSandboxWithTheCommand() {
        String alice = Tokens.learner(freshTenant("setup"), "alice");

        String id = as(alice).body("{\"labId\":\"p10-crash-loop\"}").post("/api/v1/sandboxes")
                .then().statusCode(202).extract().path("id");

        String reason = Await.until(Duration.ofSeconds(30), () -> as(alice).get("/api/v1/sandboxes/" + id).then()
                        .statusCode(200).extract().jsonPath(), sandbox -> "FAILED".equals(sandbox.getString("state")),
                id + " to fail").getString("reason");
        assertThat(reason).isEqualTo("Provisioning failed: The lab's setup failed at 'docker run -d --name db --restart always"
                + " -e MYSQL_DATABASE=boutique mysql:8.0': no daemon answers");
        assertThat(provisioner.holds(id)).as("its runtime removed").isFalse();
    }
}
