package io.labfleet.gateway;

import io.labfleet.sandbox.Sandbox;
import io.labfleet.support.ApiTest;
import io.labfleet.support.Await;
import io.labfleet.support.DindSandbox;
import io.labfleet.support.FakeSandboxProvisioner;
import io.labfleet.support.LearnerTerminal;
import io.labfleet.support.LocalSandboxProcess;
import io.labfleet.support.Processes;
import io.labfleet.support.Tokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The remote Docker context end to end, with the real docker and ssh CLIs of a learner's terminal, through the
 * gateway, to a real DinD sandbox.
 */
@QuarkusTest
class DockerContextIT extends ApiTest {

    private static DindSandbox dind;

    @Inject
    FakeSandboxProvisioner provisioner;

    @Inject
    SandboxActivity activity;

    @Inject
    MeterRegistry meters;

    @BeforeAll
    static void startSandbox() {
        dind = DindSandbox.start("nginx:latest", "busybox:latest");
    }

    @AfterAll
    static void stopSandbox() {
        if (dind != null) {
            dind.close();
        }
    }

    @AfterEach
    void noExec() {
        provisioner.execWith(null);
    }

    @Test
    void anImportedContextDrivesTheSandboxWithTheDockerCli() throws Exception {
        String alice = Tokens.learner(freshTenant("ctx"), "alice");
        Path key = Learners.registeredKey(alice, "laptop");
        String id = Learners.readySandbox(alice, dind);
        byte[] archive = as(alice).get("/api/v1/sandboxes/" + id + "/context/export").then().statusCode(200)
                .contentType("application/x-tar").extract().asByteArray();

        try (LearnerTerminal terminal = Learners.terminal(alice, id, key)) {
            Path file = terminal.file("sandbox.dockercontext");
            Files.write(file, archive);
            terminal.docker("context", "import", "course", file.toString()).assertSuccess();
            assertThat(terminal.docker("context", "inspect", "course", "--format", "{{.Endpoints.docker.Host}}")
                    .assertSuccess().stdout().strip()).isEqualTo("ssh://" + id + "@localhost:" + gatewayPort());

            String web = "web-" + id;
            terminal.docker("--context", "course", "run", "-d", "--name", web, "-p", "8080:80", "nginx").assertSuccess();
            assertThat(terminal.docker("--context", "course", "ps", "--format", "{{.Names}} {{.Ports}}")
                    .assertSuccess().stdout()).contains(web).contains("8080->80/tcp");
            assertThat(dind.docker("ps", "--format", "{{.Names}}").assertSuccess().stdout())
                    .as("the container runs in the sandbox's own daemon").contains(web);
            String talker = "talker-" + id;
            terminal.docker("--context", "course", "run", "-d", "--name", talker, "busybox", "sh", "-c",
                    "for i in 1 2 3; do echo line $i; sleep 1; done").assertSuccess();
            assertThat(terminal.docker("--context", "course", "logs", "-f", talker).assertSuccess().stdout())
                    .as("logs -f streams until the container ends").contains("line 1", "line 2", "line 3");
            assertThat(terminal.docker("--context", "course", "logs", talker).assertSuccess().stdout()).contains("line 3");
            terminal.docker("--context", "course", "network", "create", "labnet-" + id).assertSuccess();
            terminal.docker("--context", "course", "volume", "create", "data-" + id).assertSuccess();
            assertThat(dind.docker("network", "ls", "--format", "{{.Name}}").stdout()).contains("labnet-" + id);
            assertThat(dind.docker("volume", "ls", "--format", "{{.Name}}").stdout()).contains("data-" + id);

            Processes.Result piped = terminal.dockerWithInput("through stdin\n".getBytes(StandardCharsets.UTF_8),
                    "--context", "course", "run", "-i", "--rm", "busybox", "sh", "-c", "cat; echo after-eof");
            assertThat(piped.assertSuccess().stdout()).as("stdin's EOF reaches the container, its output still comes back")
                    .isEqualTo("through stdin\nafter-eof\n");

            Path compose = terminal.file("compose.yaml");
            Files.writeString(compose, "version: \"3\"\nservices:\n  web:\n    image: nginx\n");
            String project = "proj" + id.substring(3);
            terminal.run(java.util.List.of("docker-compose", "--context", "course", "-f", compose.toString(), "-p", project,
                    "up", "-d")).assertSuccess();
            assertThat(dind.docker("ps", "--format", "{{.Names}}").stdout()).as("docker-compose through the context")
                    .contains(project + "_web_1");
            terminal.run(java.util.List.of("docker-compose", "--context", "course", "-f", compose.toString(), "-p", project,
                    "down")).assertSuccess();
            assertThat(dind.docker("ps", "-a", "--format", "{{.Names}}").stdout()).doesNotContain(project + "_web_1");

            assertThat(meters.find("labfleet.gateway.proxied").tag("channel", "docker").tag("direction", "to-sandbox")
                    .counter().count()).isPositive();
            Processes.Result version = terminal.docker("--context", "course", "version", "--format", "{{.Server.Version}}");
            assertThat(version.assertSuccess().stdout().strip())
                    .isEqualTo(dind.docker("version", "--format", "{{.Server.Version}}").stdout().strip());
        } finally {
            dind.docker("rm", "-f", "web-" + id, "talker-" + id);
        }
    }

    @Test
    void theCreateCommandFromTheApiWorksAsIs() {
        String bob = Tokens.learner(freshTenant("ctx"), "bob");
        Path key = Learners.registeredKey(bob, "laptop");
        String id = Learners.readySandbox(bob, dind);
        String createCommand = as(bob).get("/api/v1/sandboxes/" + id + "/context").then().extract().path("createCommand");

        try (LearnerTerminal terminal = Learners.terminal(bob, id, key)) {
            terminal.shell(createCommand).assertSuccess();
            String box = "box-" + id;
            Processes.Result run = terminal.docker("--context", id, "run", "--name", box, "busybox", "echo", "hello from " + id);
            assertThat(run.assertSuccess().stdout()).contains("hello from " + id);
            assertThat(terminal.docker("--context", id, "ps", "-a", "--format", "{{.Names}}").stdout()).contains(box);
            terminal.docker("--context", id, "rm", box).assertSuccess();
        }
    }

    @Test
    void sshRunsCommandsInsideTheSandboxAndForwardsItsPorts() throws Exception {
        provisioner.execWith((sandboxId, request) -> new LocalSandboxProcess(dind.execCommand(true,
                request.command().isEmpty() ? java.util.List.of("sh", "-l") : request.command())));
        String carol = Tokens.learner(freshTenant("ssh"), "carol");
        Path key = Learners.registeredKey(carol, "laptop");
        String id = Learners.readySandbox(carol, dind);
        String web = "fwd-" + id;
        dind.docker("run", "-d", "--name", web, "-p", "8081:80", "nginx").assertSuccess();
        try (LearnerTerminal terminal = Learners.terminal(carol, id, key)) {
            Processes.Result ps = terminal.ssh("-p", String.valueOf(gatewayPort()), id + "@localhost", "docker", "ps");
            assertThat(ps.assertSuccess().stdout()).contains("CONTAINER ID").contains(web);
            assertThat(terminal.ssh("-p", String.valueOf(gatewayPort()), id + "@localhost", "exit 3").exitCode())
                    .as("the command's exit status comes back").isEqualTo(3);

            int localPort = freePort();
            Process tunnel = terminal.sshInBackground("-N", "-L", localPort + ":localhost:8081", "-p",
                    String.valueOf(gatewayPort()), id + "@localhost");
            try {
                String page = Await.until(Duration.ofSeconds(20), () -> fetch(localPort), body -> body.contains("Welcome to nginx!"),
                        "the nginx page through ssh -L");
                assertThat(page).contains("Welcome to nginx!");
            } finally {
                tunnel.destroy();
            }
        } finally {
            dind.docker("rm", "-f", web);
        }
        assertThat(meters.find("labfleet.gateway.proxied").tag("channel", "forward").tag("direction", "from-sandbox")
                .counter().count()).isPositive();
        Instant before = Instant.now().minusSeconds(1);
        activity.flush();
        Instant recorded = QuarkusTransaction.requiringNew().call(() -> Sandbox.<Sandbox>findById(id).lastActivityAt);
        assertThat(recorded).isAfter(before);
    }

    private int gatewayPort() {
        return io.quarkus.arc.Arc.container().instance(SshGateway.class).get().boundPort();
    }

    private static int freePort() throws java.io.IOException {
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String fetch(int port) {
        try {
            var http = java.net.http.HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/"))
                    .timeout(Duration.ofSeconds(5)).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        } catch (java.io.IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e.toString();
        }
    }
}
