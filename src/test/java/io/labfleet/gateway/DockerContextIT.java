package io.labfleet.gateway;

import io.labfleet.sandbox.Sandbox;
import io.labfleet.support.ApiTest;
import io.labfleet.support.Await;
import io.labfleet.support.DockerBackendProfile;
import io.labfleet.support.DockerSandboxes;
import io.labfleet.support.HostDocker;
import io.labfleet.support.LearnerTerminal;
import io.labfleet.support.Processes;
import io.labfleet.support.Tokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelShell;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The remote Docker context end to end: real sandboxes of the Docker backend, created through the API, driven
 * by a learner's real docker, docker-compose and ssh CLIs through the gateway.
 */
@Tag("engine")
@QuarkusTest
@TestProfile(DockerBackendProfile.class)
class DockerContextIT extends ApiTest {

    static final String LAB = "p3-container-lifecycle";

    @Inject
    SshGateway gateway;

    @Inject
    SandboxActivity activity;

    @Inject
    MeterRegistry meters;

    @Inject
    SandboxSessions sessions;

    private static final Duration CONNECT = Duration.ofSeconds(20);

    /** Far longer than any of these commands takes: only a command that never sees the end of its input hits it. */
    private static final Duration EOF_DEADLINE = Duration.ofSeconds(30);

    /** The sandbox's daemon reached directly, as only the service can: what the gateway must agree with. */
    private static String direct(String sandboxId, String... arguments) {
        List<String> command = new java.util.ArrayList<>(List.of("-H", DockerSandboxes.daemonEndpoint(sandboxId)));
        command.addAll(List.of(arguments));
        return HostDocker.run(command.toArray(String[]::new));
    }

    @Test
    void anImportedContextDrivesTheSandboxWithTheDockerCliAndCompose() throws Exception {
        String alice = Tokens.learner(freshTenant("ctx"), "alice");
        Path key = Learners.registeredKey(alice, "laptop");
        String id = DockerSandboxes.createReady(alice, LAB, null);
        byte[] archive = as(alice).get("/api/v1/sandboxes/" + id + "/context/export").then().statusCode(200)
                .contentType("application/x-tar").extract().asByteArray();

        try (LearnerTerminal terminal = Learners.terminal(alice, id, key)) {
            Path file = terminal.file("sandbox.dockercontext");
            Files.write(file, archive);
            terminal.docker("context", "import", "course", file.toString()).assertSuccess();
            assertThat(terminal.docker("context", "inspect", "course", "--format", "{{.Endpoints.docker.Host}}")
                    .assertSuccess().stdout().strip()).isEqualTo("ssh://" + id + "@localhost:" + gateway.boundPort());

            terminal.docker("--context", "course", "run", "-d", "--name", "web", "-p", "8080:80", "nginx").assertSuccess();
            assertThat(terminal.docker("--context", "course", "ps", "--format", "{{.Names}} {{.Ports}}")
                    .assertSuccess().stdout()).contains("web").contains("8080->80/tcp");
            assertThat(direct(id, "ps", "--format", "{{.Names}}")).as("it runs in the sandbox's own daemon").contains("web");

            terminal.docker("--context", "course", "run", "-d", "--name", "talker", "nginx", "sh", "-c",
                    "for i in 1 2 3; do echo line $i; sleep 1; done").assertSuccess();
            assertThat(terminal.docker("--context", "course", "logs", "-f", "talker").assertSuccess().stdout())
                    .as("logs -f streams until the container ends").contains("line 1", "line 2", "line 3");
            assertThat(terminal.docker("--context", "course", "logs", "talker").assertSuccess().stdout()).contains("line 3");

            Processes.Result piped = terminal.dockerWithInput("through stdin\n".getBytes(StandardCharsets.UTF_8),
                    "--context", "course", "run", "-i", "--rm", "nginx", "sh", "-c", "cat; echo after-eof");
            assertThat(piped.assertSuccess().stdout()).as("stdin's EOF reaches the container, its output still comes back")
                    .isEqualTo("through stdin\nafter-eof\n");

            terminal.docker("--context", "course", "network", "create", "labnet").assertSuccess();
            terminal.docker("--context", "course", "volume", "create", "data").assertSuccess();
            assertThat(direct(id, "network", "ls", "--format", "{{.Name}}")).contains("labnet");
            assertThat(direct(id, "volume", "ls", "--format", "{{.Name}}")).contains("data");

            Path compose = terminal.file("compose.yaml");
            Files.writeString(compose, "version: \"3\"\nservices:\n  web:\n    image: nginx\n");
            List<String> composeCommand = List.of("docker-compose", "--context", "course", "-f", compose.toString(), "-p", "shop");
            terminal.run(concat(composeCommand, "up", "-d")).assertSuccess();
            assertThat(direct(id, "ps", "--format", "{{.Names}}")).as("docker-compose through the context").contains("shop_web_1");
            terminal.run(concat(composeCommand, "down")).assertSuccess();
            assertThat(direct(id, "ps", "-a", "--format", "{{.Names}}")).doesNotContain("shop_web_1");

            assertThat(terminal.docker("--context", "course", "version", "--format", "{{.Server.Version}}")
                    .assertSuccess().stdout().strip()).isEqualTo(direct(id, "version", "--format", "{{.Server.Version}}"));
        }
        assertThat(meters.find("labfleet.gateway.proxied").tag("channel", "docker").tag("direction", "to-sandbox")
                .counter().count()).isPositive();
    }

    @Test
    void theCreateCommandFromTheApiWorksAsIs() {
        String bob = Tokens.learner(freshTenant("ctx"), "bob");
        Path key = Learners.registeredKey(bob, "laptop");
        String id = DockerSandboxes.createReady(bob, LAB, null);
        String createCommand = as(bob).get("/api/v1/sandboxes/" + id + "/context").then().extract().path("createCommand");

        try (LearnerTerminal terminal = Learners.terminal(bob, id, key)) {
            terminal.shell(createCommand).assertSuccess();
            Processes.Result run = terminal.docker("--context", id, "run", "--name", "box", "nginx", "echo", "hello from " + id);
            assertThat(run.assertSuccess().stdout()).contains("hello from " + id);
            assertThat(terminal.docker("--context", id, "ps", "-a", "--format", "{{.Names}}").stdout()).contains("box");
        }
    }

    /**
     * With the ssh configuration as handed out, the first docker command opens the connection and leaves it open;
     * the next commands, docker's and ssh's, each open a channel on it instead of logging in again, and none of
     * their channels stays open after them.
     */
    @Test
    void dockerCommandsShareOneSshConnectionThatOutlivesThem() {
        String dan = Tokens.learner(freshTenant("ctx"), "dan");
        Path key = Learners.registeredKey(dan, "laptop");
        String id = DockerSandboxes.createReady(dan, LAB, null);
        String createCommand = as(dan).get("/api/v1/sandboxes/" + id + "/context").then().extract().path("createCommand");

        try (LearnerTerminal terminal = Learners.terminal(dan, id, key)) {
            terminal.shell(createCommand).assertSuccess();
            terminal.docker("--context", id, "run", "--name", "first", "nginx", "true").assertSuccess();
            assertThat(terminal.sharedConnections()).as("the first command left its connection open").hasSize(1);
            assertThat(sessions.openFor(id)).isEqualTo(1);

            for (int i = 0; i < 5; i++) {
                assertThat(terminal.docker("--context", id, "version", "--format", "{{.Server.Os}}").assertSuccess()
                        .stdout().strip()).isEqualTo("linux");
            }
            assertThat(terminal.docker("--context", id, "ps", "-a", "--format", "{{.Names}}").assertSuccess().stdout())
                    .contains("first");
            assertThat(terminal.ssh("-p", String.valueOf(gateway.boundPort()), id + "@localhost", "echo", "shell")
                    .assertSuccess().stdout().strip()).isEqualTo("shell");
            assertThat(sessions.openFor(id)).as("seven commands, one connection").isEqualTo(1);

            // The master closes the channel of the last command once the gateway's heartbeat wakes it: left open,
            // it counted as activity and kept the sandbox from its idle timeout and suspension.
            Await.until(Duration.ofSeconds(40), () -> activity.anyOpen(id), open -> !open,
                    "no channel open once the commands have ended");
            assertThat(sessions.openFor(id)).as("while the connection stays").isEqualTo(1);

            terminal.closeSharedConnections();
            Await.until(Duration.ofSeconds(20), () -> sessions.openFor(id), open -> open == 0,
                    "the shared connection closed");
        }
    }

    @Test
    void sshRunsShellsAndCommandsInsideTheSandboxAndForwardsItsPorts() throws Exception {
        String carol = Tokens.learner(freshTenant("ssh"), "carol");
        Path key = Learners.registeredKey(carol, "laptop");
        String id = DockerSandboxes.createReady(carol, LAB, null);
        direct(id, "run", "-d", "--name", "web", "-p", "8081:80", "nginx");
        String port = String.valueOf(gateway.boundPort());
        try (LearnerTerminal terminal = Learners.terminal(carol, id, key)) {
            Processes.Result ps = terminal.ssh("-p", port, id + "@localhost", "docker", "ps", "--format", "'{{.Names}}'");
            assertThat(ps.assertSuccess().stdout().strip()).as("the sandbox's containers, and no helper of ours")
                    .isEqualTo("web");
            assertThat(terminal.ssh("-p", port, id + "@localhost", "exit 3").exitCode())
                    .as("the command's exit status comes back").isEqualTo(3);

            Processes.Result shell = Processes.run(List.of(terminal.home().resolve("bin/ssh").toString(), "-tt", "-p", port,
                    id + "@localhost"), terminal.environment(), Duration.ofMinutes(1),
                    "tty; docker ps --format '{{.Names}} is up'; exit 7\n".getBytes(StandardCharsets.UTF_8));
            assertThat(shell.exitCode()).as(shell.toString()).isEqualTo(7);
            assertThat(shell.stdout()).as("a login shell on a terminal, in the sandbox").contains("/dev/pts/")
                    .contains("web is up");

            int localPort = freePort();
            Process tunnel = terminal.sshInBackground("-N", "-L", localPort + ":localhost:8081", "-p", port, id + "@localhost");
            try {
                String page = Await.until(Duration.ofSeconds(20), () -> fetch(localPort),
                        body -> body.contains("Welcome to nginx!"), "the nginx page through ssh -L");
                assertThat(page).contains("Welcome to nginx!");
            } finally {
                tunnel.destroy();
            }
        }
        assertThat(meters.find("labfleet.gateway.proxied").tag("channel", "forward").tag("direction", "from-sandbox")
                .counter().count()).isPositive();
        Instant before = Instant.now().minusSeconds(1);
        activity.flush();
        Instant recorded = QuarkusTransaction.requiringNew().call(() -> Sandbox.<Sandbox>findById(id).lastActivityAt);
        assertThat(recorded).as("SSH use counts as activity for the idle timeout").isAfter(before);
    }

    /**
     * A command that reads its standard input to the end ({@code cat}, {@code tar x}) ends when the learner's
     * input ends: {@code echo hi | ssh <sandbox> cat}, {@code tar c . | ssh <sandbox> tar x}, {@code ssh <sandbox>
     * 'cat > f' < file}.
     */
    @Test
    void aCommandOverSshSeesTheEndOfItsInput() throws Exception {
        String dan = Tokens.learner(freshTenant("eof"), "dan");
        Path key = Learners.registeredKey(dan, "laptop");
        String id = DockerSandboxes.createReady(dan, LAB, null);
        String port = String.valueOf(gateway.boundPort());
        try (LearnerTerminal terminal = Learners.terminal(dan, id, key)) {
            String ssh = terminal.home().resolve("bin/ssh").toString();
            Processes.Result echoed = Processes.run(List.of(ssh, "-p", port, id + "@localhost", "cat"),
                    terminal.environment(), EOF_DEADLINE, "hi\n".getBytes(StandardCharsets.UTF_8));
            assertThat(echoed.assertSuccess().stdout()).isEqualTo("hi\n");

            Path project = Files.createDirectories(terminal.file("project/src"));
            Files.writeString(project.resolve("main.c"), "int main(void) { return 0; }\n");
            Files.write(terminal.file("project/blob.bin"), new byte[200_000]);
            Path archive = terminal.file("project.tar");
            terminal.run(List.of("tar", "cf", archive.toString(), "-C", terminal.file("project").toString(), "."))
                    .assertSuccess();
            byte[] tarBytes = Files.readAllBytes(archive);
            Processes.run(List.of(ssh, "-p", port, id + "@localhost", "mkdir -p /tmp/project && tar x -C /tmp/project"),
                    terminal.environment(), EOF_DEADLINE, tarBytes).assertSuccess();
            assertThat(terminal.ssh("-p", port, id + "@localhost", "cat /tmp/project/src/main.c; wc -c < /tmp/project/blob.bin")
                    .assertSuccess().stdout()).isEqualTo("int main(void) { return 0; }\n200000\n");

            Processes.run(List.of(ssh, "-p", port, id + "@localhost", "cat > notes.txt"), terminal.environment(),
                    EOF_DEADLINE, "line one\nline two\n".getBytes(StandardCharsets.UTF_8)).assertSuccess();
            assertThat(terminal.ssh("-p", port, id + "@localhost", "cat notes.txt").assertSuccess().stdout())
                    .isEqualTo("line one\nline two\n");
        }
    }

    /**
     * A client may send window changes as fast as its connection carries them (a dragged window, or on purpose): the
     * gateway stays usable, the shell ends at the last size asked for, and a size no terminal has changes nothing.
     */
    @Test
    void aFloodOfWindowChangesLeavesTheShellAtTheLastSize() throws Exception {
        String bob = Tokens.learner(freshTenant("winch"), "bob");
        Path key = Learners.registeredKey(bob, "laptop");
        String id = DockerSandboxes.createReady(bob, LAB, null);

        try (SshClient client = SshClient.setUpDefaultClient()) {
            client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
            client.start();
            try (ClientSession session = client.connect(id, "127.0.0.1", gateway.boundPort()).verify(CONNECT).getSession()) {
                new FileKeyPairProvider(key).loadKeys(session).forEach(session::addPublicKeyIdentity);
                session.auth().verify(CONNECT);
                try (ChannelShell shell = session.createShellChannel()) {
                    shell.setPtyType("xterm");
                    shell.setPtyColumns(80);
                    shell.setPtyLines(24);
                    ByteArrayOutputStream screen = new ByteArrayOutputStream();
                    shell.setOut(screen);
                    shell.setErr(screen);
                    shell.open().verify(CONNECT);
                    for (int i = 0; i < 3000; i++) {
                        shell.sendWindowChange(100 + i % 50, 30 + i % 20);
                    }
                    shell.sendWindowChange(123, 45);
                    shell.sendWindowChange(99_999, 0);

                    OutputStream keyboard = shell.getInvertedIn();
                    Await.until(Duration.ofSeconds(30), () -> {
                        try {
                            keyboard.write("echo size=$(stty size | tr ' ' x)\n".getBytes(StandardCharsets.UTF_8));
                            keyboard.flush();
                            Thread.sleep(300);
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return screen.toString(StandardCharsets.UTF_8);
                    }, text -> text.contains("size=45x123"), "the shell at the last valid size, 45 rows of 123 columns");
                }
            }
        }
    }

    private static List<String> concat(List<String> command, String... more) {
        List<String> all = new java.util.ArrayList<>(command);
        all.addAll(List.of(more));
        return all;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String fetch(int port) {
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).timeout(Duration.ofSeconds(5))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e.toString();
        }
    }
}
