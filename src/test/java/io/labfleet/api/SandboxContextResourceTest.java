package io.labfleet.api;

import io.labfleet.gateway.GatewayAddress;
import io.labfleet.gateway.SshGateway;
import io.labfleet.support.ApiTest;
import io.labfleet.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
class SandboxContextResourceTest extends ApiTest {

    @Inject
    SshGateway gateway;

    @Inject
    GatewayAddress address;

    @Test
    void theLearnerGetsTheContextOfTheirSandboxInEveryForm() {
        String alice = Tokens.learner(freshTenant("context"), "alice");
        String id = SandboxResourceTest.create(alice, "{\"labId\":\"" + SandboxResourceTest.LAB + "\"}");
        int port = gateway.boundPort();

        as(alice).get("/api/v1/sandboxes/" + id + "/context").then().statusCode(200)
                .body("name", equalTo(id))
                .body("host", equalTo("ssh://" + id + "@localhost:" + port))
                .body("createCommand", startsWith("docker context create " + id + " "))
                .body("sshConfig", startsWith("Match final host localhost user sb-*\n"))
                .body("sshConfig", containsString("Host " + id + "\n    HostName localhost\n"))
                .body("knownHosts", equalTo("[localhost]:" + port + " " + address.hostKeyLine()));

        var export = as(alice).get("/api/v1/sandboxes/" + id + "/context/export").then().statusCode(200)
                .contentType("application/x-tar")
                .header("Content-Disposition", equalTo("attachment; filename=\"" + id + ".dockercontext\"")).extract();
        assertThat(new String(export.asByteArray(), StandardCharsets.US_ASCII)).startsWith("meta.json")
                .contains("\"Host\":\"ssh://" + id + "@localhost:" + port + "\"");
    }

    @Test
    void onlyThoseWhoMaySeeTheSandboxGetItsContext() {
        String tenant = freshTenant("context");
        String alice = Tokens.learner(tenant, "alice");
        String id = SandboxResourceTest.create(alice, "{\"labId\":\"" + SandboxResourceTest.LAB + "\"}");

        for (String path : new String[] {"/context", "/context/export"}) {
            as(Tokens.learner(tenant, "bob")).get("/api/v1/sandboxes/" + id + path).then().statusCode(404)
                    .contentType("application/problem+json");
            as(Tokens.instructor(freshTenant("other"), "olga")).get("/api/v1/sandboxes/" + id + path).then().statusCode(404);
            anonymous().get("/api/v1/sandboxes/" + id + path).then().statusCode(401);
            as(Tokens.instructor(tenant, "ines")).get("/api/v1/sandboxes/" + id + path).then().statusCode(200);
        }
    }
}
