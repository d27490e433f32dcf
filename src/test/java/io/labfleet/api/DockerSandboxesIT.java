package io.labfleet.api;

import io.labfleet.provisioner.SandboxLabels;
import io.labfleet.provisioner.docker.DockerSandboxModel;
import io.labfleet.support.ApiTest;
import io.labfleet.support.DockerBackendProfile;
import io.labfleet.support.DockerInstallation;
import io.labfleet.support.DockerSandboxes;
import io.labfleet.support.HostDocker;
import io.labfleet.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * Two learners get real sandboxes through the API, on this machine's Docker engine: each drives its own
 * engine, neither can reach the other's nor the host's, and deleting them leaves nothing behind.
 */
@Tag("engine")
@QuarkusTest
@TestProfile(DockerBackendProfile.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DockerSandboxesIT extends ApiTest {

    static final String LAB = "p3-container-lifecycle";

    String alice;
    String bob;
    String sandboxA;
    String sandboxB;

    /** Made before the first test rather than in a @BeforeAll: the test HTTP port is known only then. */
    @BeforeEach
    void twoLearnersGetASandboxEach() {
        if (sandboxA != null) {
            return;
        }
        String tenant = freshTenant("docker");
        alice = Tokens.learner(tenant, "alice");
        bob = Tokens.learner(tenant, "bob");
        sandboxA = DockerSandboxes.createReady(alice, LAB, null);
        sandboxB = DockerSandboxes.createReady(bob, LAB, null);
    }

    @Test
    @Order(1)
    void aLearnerRunsContainersOfTheLabsImagesThroughTheirSandboxsOwnDaemon() {
        String daemon = DockerSandboxes.daemonEndpoint(sandboxA);

        assertThat(HostDocker.run("-H", daemon, "images", "--format", "{{.Repository}}:{{.Tag}}"))
                .as("the lab's images were copied in").contains("nginx:latest");
        assertThat(HostDocker.run("-H", daemon, "run", "--rm", "nginx:latest", "cat", "/usr/share/nginx/html/index.html"))
                .contains("Welcome to nginx!");
        assertThat(HostDocker.run("-H", daemon, "run", "-d", "--name", "mon-web", "nginx")).isNotBlank();
        assertThat(HostDocker.run("-H", daemon, "ps", "--format", "{{.Names}}")).isEqualTo("mon-web");
        assertThat(HostDocker.run("ps", "--format", "{{.Names}}")).as("the host engine does not see it")
                .doesNotContain("mon-web");
    }

    @Test
    @Order(2)
    void aContainerInOneSandboxCannotReachAnotherSandboxsDaemon() {
        String daemonA = DockerSandboxes.daemonEndpoint(sandboxA);
        String addressA = DockerSandboxes.daemonAddress(sandboxA);
        String addressB = DockerSandboxes.daemonAddress(sandboxB);

        assertThat(fetchInsideSandbox(daemonA, addressA).output()).as("its own daemon, as a control").contains("OK");
        HostDocker.Result other = fetchInsideSandbox(daemonA, addressB);
        assertThat(other.succeeded()).as("sandbox B's daemon answered a container of A: " + other.output()).isFalse();

        HostDocker.Result fromSandboxItself = HostDocker.attempt("exec", containerOf(sandboxA), "wget", "-q", "-T", "3",
                "-t", "1", "-O-", "http://" + addressB + ":2375/_ping");
        assertThat(fromSandboxItself.succeeded()).as("sandbox B's daemon answered sandbox A: "
                + fromSandboxItself.output()).isFalse();
    }

    /**
     * A container in the sandbox fetches a daemon's {@code /_ping}; busybox wget gets 5 s to connect. The shell
     * stays PID 1 (the {@code exit}), since wget as PID 1 would ignore the timeout's signal.
     */
    private static HostDocker.Result fetchInsideSandbox(String daemon, String address) {
        return HostDocker.attempt("-H", daemon, "run", "--rm", "--entrypoint", "sh", "nginx:latest", "-c",
                "timeout 5 wget -q -O- http://" + address + ":2375/_ping; exit $?");
    }

    @Test
    @Order(3)
    void noSandboxCanReachTheHostsDockerEngine() {
        String daemonA = DockerSandboxes.daemonEndpoint(sandboxA);
        String hostEngine = HostDocker.run("info", "--format", "{{.ID}}");

        assertThat(HostDocker.run("inspect", "--format", "{{range .Mounts}}{{.Source}} {{end}}", containerOf(sandboxA)))
                .as("host paths mounted into the sandbox").doesNotContain("docker.sock");
        assertThat(HostDocker.run("exec", containerOf(sandboxA), "docker", "info", "--format", "{{.ID}}"))
                .as("the engine behind the sandbox's own docker socket").isNotEqualTo(hostEngine);
        assertThat(HostDocker.attempt("-H", daemonA, "run", "--rm", "--entrypoint", "sh", "nginx:latest", "-c",
                "test -e /var/run/docker.sock").succeeded())
                .as("a Docker socket inside a learner's container").isFalse();
        assertThat(HostDocker.run("network", "inspect", "--format", "{{.Internal}}", containerOf(sandboxA)))
                .as("this profile keeps test sandboxes off the outside world").isEqualTo("true");
    }

    @Test
    @Order(4)
    void deletingTheSandboxesLeavesNothingOfThemOnTheHost() {
        assertThat(HostDocker.objectsLabelled(SandboxLabels.SANDBOX, sandboxA)).hasSize(3);

        as(alice).delete("/api/v1/sandboxes/" + sandboxA).then().statusCode(202).body("state", equalTo("TERMINATING"));
        as(bob).delete("/api/v1/sandboxes/" + sandboxB).then().statusCode(202);

        DockerSandboxes.awaitState(alice, sandboxA, Set.of("TERMINATED"), Duration.ofSeconds(60));
        DockerSandboxes.awaitState(bob, sandboxB, Set.of("TERMINATED"), Duration.ofSeconds(60));
        assertThat(HostDocker.objectsLabelled(SandboxLabels.SANDBOX, sandboxA)).isEmpty();
        assertThat(HostDocker.objectsLabelled(SandboxLabels.SANDBOX, sandboxB)).isEmpty();
    }

    private static String containerOf(String sandboxId) {
        return DockerSandboxModel.name(DockerInstallation.id(), sandboxId);
    }
}
