package io.labfleet.gateway;

import io.labfleet.sandbox.Sandbox;
import io.labfleet.support.ApiTest;
import io.labfleet.support.Await;
import io.labfleet.support.LearnerTerminal;
import io.labfleet.support.Processes;
import io.labfleet.support.SshKeygen;
import io.labfleet.support.Tokens;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.SshException;
import org.apache.sshd.common.util.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the gateway refuses, seen from a learner's real ssh and docker CLIs: each refusal says why, is counted by
 * reason, and opens nothing (no session, no channel).
 */
@QuarkusTest
class GatewayRefusalIT extends ApiTest {

    @Inject
    MeterRegistry meters;

    @Inject
    SshGateway gateway;

    @Inject
    GatewayMetrics metrics;

    /**
     * Each refusal here is asked for on a connection of its own: through a connection the handed-out config shares
     * (ControlMaster), OpenSSH shows the client only "Session open refused by peer" and the reason goes to the
     * master's stderr (the README says so); GatewaySessionIT covers refusals on a shared connection.
     */
    private static final String OWN_CONNECTION = "ControlPath=none";

    private Processes.Result sshDockerPs(LearnerTerminal terminal, String sandboxId) {
        return terminal.ssh("-o", OWN_CONNECTION, "-p", String.valueOf(gateway.boundPort()), sandboxId + "@localhost",
                "docker", "ps");
    }

    private double refused(RefusalReason reason) {
        Counter counter = meters.find("labfleet.gateway.refused").tag("reason", reason.slug()).counter();
        return counter == null ? 0 : counter.count();
    }

    private void assertLoginRefused(Processes.Result result, String message) {
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(255);
        assertThat(result.stderr()).contains(message).contains("Permission denied (publickey)");
        assertThat(result.stdout()).isEmpty();
    }

    @Test
    void anUnregisteredKeyIsRefusedWithAReasonAlsoThroughTheDockerCli() throws Exception {
        String alice = Tokens.learner(freshTenant("deny"), "alice");
        Learners.registeredKey(alice, "laptop");
        String id = Learners.readySandbox(alice);
        Path stranger = SshKeygen.generate("ed25519", null);
        double before = refused(RefusalReason.UNKNOWN_KEY);
        int sessions = metrics.openSessions();
        try (LearnerTerminal terminal = Learners.terminal(alice, id, stranger)) {
            assertLoginRefused(sshDockerPs(terminal, id), "this key does not open sandbox " + id);

            Path archive = terminal.file("ctx.tar");
            Files.write(archive, as(alice).get("/api/v1/sandboxes/" + id + "/context/export").then().extract().asByteArray());
            terminal.docker("context", "import", "course", archive.toString()).assertSuccess();
            Processes.Result docker = terminal.docker("--context", "course", "ps");
            assertThat(docker.exitCode()).isNotZero();
            assertThat(docker.stderr()).contains("this key does not open sandbox " + id);
        }
        assertThat(refused(RefusalReason.UNKNOWN_KEY)).isGreaterThanOrEqualTo(before + 2);
        assertThat(metrics.openSessions()).isEqualTo(sessions);
    }

    @Test
    void anotherLearnersKeyDoesNotOpenTheSandbox() {
        String tenant = freshTenant("deny");
        String alice = Tokens.learner(tenant, "alice");
        String bob = Tokens.learner(tenant, "bob");
        String id = Learners.readySandbox(alice);
        Path bobsKey = Learners.registeredKey(bob, "laptop");
        double before = refused(RefusalReason.NOT_OWNER);
        try (LearnerTerminal terminal = Learners.terminal(alice, id, bobsKey)) {
            assertLoginRefused(sshDockerPs(terminal, id), "this key does not open sandbox " + id);
        }
        assertThat(refused(RefusalReason.NOT_OWNER)).isEqualTo(before + 1);
    }

    @Test
    void aSandboxThatIsNotReadyOrHasExpiredIsRefused() {
        String alice = Tokens.learner(freshTenant("deny"), "alice");
        Path key = Learners.registeredKey(alice, "laptop");
        String expired = Learners.readySandbox(alice);
        String deleted = Learners.readySandbox(alice);
        try (LearnerTerminal terminal = Learners.terminal(alice, expired, key)) {
            QuarkusTransaction.requiringNew().run(() -> Sandbox.update("expiresAt = ?1 where id = ?2",
                    Instant.now().minusSeconds(60), expired));
            double expiredBefore = refused(RefusalReason.SANDBOX_EXPIRED);
            assertLoginRefused(sshDockerPs(terminal, expired), "sandbox " + expired + " expired at");
            assertThat(refused(RefusalReason.SANDBOX_EXPIRED)).isEqualTo(expiredBefore + 1);

            as(alice).delete("/api/v1/sandboxes/" + deleted).then().statusCode(202);
            Await.until(Duration.ofSeconds(20), () -> as(alice).get("/api/v1/sandboxes/" + deleted).then().extract()
                    .<String>path("state"), "TERMINATED"::equals, deleted + " TERMINATED");
            double notReadyBefore = refused(RefusalReason.SANDBOX_NOT_READY);
            assertLoginRefused(sshDockerPs(terminal, deleted), "sandbox " + deleted + " is TERMINATED");
            assertThat(refused(RefusalReason.SANDBOX_NOT_READY)).isEqualTo(notReadyBefore + 1);
        }
    }

    @Test
    void passwordsAreNeitherOfferedNorAccepted() throws Exception {
        String alice = Tokens.learner(freshTenant("deny"), "alice");
        Path key = Learners.registeredKey(alice, "laptop");
        String id = Learners.readySandbox(alice);
        try (LearnerTerminal terminal = Learners.terminal(alice, id, key)) {
            Processes.Result openssh = terminal.ssh("-o", "PubkeyAuthentication=no", "-o",
                    "PreferredAuthentications=password,keyboard-interactive", "-p", String.valueOf(gateway.boundPort()),
                    id + "@localhost", "docker", "ps");
            assertThat(openssh.exitCode()).isEqualTo(255);
            assertThat(openssh.stderr()).contains("Permission denied (publickey)");
        }

        double passwords = refused(RefusalReason.PASSWORD);
        try (SshClient client = SshClient.setUpDefaultClient()) {
            client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
            client.setUserAuthFactories(List.of(new PasswordAnyway()));
            client.start();
            try (ClientSession session = client.connect(id, "127.0.0.1", gateway.boundPort())
                    .verify(Duration.ofSeconds(10)).getSession()) {
                assertThatThrownBy(() -> session.auth().verify(Duration.ofSeconds(10))).isInstanceOf(SshException.class);
            }
        }
        assertThat(refused(RefusalReason.PASSWORD)).isEqualTo(passwords + 1);
    }

    /**
     * A client that sends a password although the server offers only public keys, as password-guessing bots
     * do (OpenSSH and MINA clients only try what the server offers, so they cannot show this).
     */
    private static final class PasswordAnyway extends org.apache.sshd.client.auth.AbstractUserAuthFactory {
        PasswordAnyway() {
            super("publickey");
        }

        @Override
        public org.apache.sshd.client.auth.UserAuth createUserAuth(ClientSession session) {
            return new org.apache.sshd.client.auth.AbstractUserAuth("publickey") {
                private boolean sent;

                @Override
                protected boolean sendAuthDataRequest(ClientSession clientSession, String service) throws Exception {
                    if (sent) {
                        return false;
                    }
                    sent = true;
                    Buffer request = clientSession.createBuffer(SshConstants.SSH_MSG_USERAUTH_REQUEST);
                    request.putString(clientSession.getUsername());
                    request.putString(service);
                    request.putString("password");
                    request.putBoolean(false);
                    request.putString("hunter2");
                    clientSession.writePacket(request);
                    return true;
                }

                @Override
                protected boolean processAuthDataRequest(ClientSession clientSession, String service, Buffer buffer) {
                    return false;
                }
            };
        }
    }

    @Test
    void forwardingOutsideTheSandboxAndOtherChannelsAreRefused() {
        String alice = Tokens.learner(freshTenant("deny"), "alice");
        Path key = Learners.registeredKey(alice, "laptop");
        String id = Learners.readySandbox(alice);
        String port = String.valueOf(gateway.boundPort());
        try (LearnerTerminal terminal = Learners.terminal(alice, id, key)) {
            double forwards = refused(RefusalReason.FORWARD_DESTINATION);
            for (String elsewhere : new String[] {"127.0.0.2:80", "sb-someoneelse:2375"}) {
                Processes.Result stdio = terminal.ssh("-o", OWN_CONNECTION, "-W", elsewhere, "-p", port, id + "@localhost");
                assertThat(stdio.exitCode()).as(stdio.toString()).isEqualTo(255);
                assertThat(stdio.stderr()).contains("administratively prohibited")
                        .contains("only ports of sandbox " + id + " can be reached");
            }
            assertThat(refused(RefusalReason.FORWARD_DESTINATION)).isEqualTo(forwards + 2);

            double remote = refused(RefusalReason.REMOTE_FORWARDING);
            Processes.Result reverse = terminal.ssh("-o", OWN_CONNECTION, "-N", "-o", "ExitOnForwardFailure=yes",
                    "-R", "0:localhost:22",
                    "-p", port, id + "@localhost");
            assertThat(reverse.exitCode()).isEqualTo(255);
            assertThat(reverse.stderr()).contains("remote port forwarding failed");
            assertThat(refused(RefusalReason.REMOTE_FORWARDING)).isEqualTo(remote + 1);

            Processes.Result noShell = sshDockerPs(terminal, id);
            assertThat(noShell.exitCode()).as("a backend without exec says so").isEqualTo(1);
            assertThat(noShell.stderr()).contains("labfleet: The fake backend cannot open a shell in a sandbox");

            double subsystems = refused(RefusalReason.SUBSYSTEM);
            Processes.Result sftp = terminal.ssh("-o", OWN_CONNECTION, "-s", "-p", port, id + "@localhost", "sftp");
            assertThat(sftp.exitCode()).isNotZero();
            assertThat(refused(RefusalReason.SUBSYSTEM)).isEqualTo(subsystems + 1);
        }
    }

    /**
     * What a learner's ssh asks for beside the command, through the ssh config block as the API hands it out (the
     * sandbox's alias alone names the gateway, its port, the user and the key): agent and X11 forwarding and the
     * legacy scp protocol are refused and counted, and nothing runs in the sandbox for scp.
     */
    @Test
    void agentForwardingX11AndLegacyScpAreRefused() throws Exception {
        String alice = Tokens.learner(freshTenant("deny"), "alice");
        Path key = Learners.registeredKey(alice, "laptop");
        String id = Learners.readySandbox(alice);
        try (LearnerTerminal terminal = Learners.terminal(alice, id, key)) {
            Path agentSocket = terminal.file("agent.sock");
            Process agent = new ProcessBuilder("ssh-agent", "-D", "-a", agentSocket.toString()).start();
            try {
                Await.until(Duration.ofSeconds(30), () -> Files.exists(agentSocket), Boolean::booleanValue, "the ssh agent");
                double agents = refused(RefusalReason.AGENT_FORWARDING);
                Processes.Result forwarded = terminal.shell("SSH_AUTH_SOCK=" + agentSocket + " ssh -o " + OWN_CONNECTION
                        + " -A " + id + " true");
                assertThat(forwarded.stderr()).as("logged in through the handed-out block").doesNotContain("Permission denied");
                assertThat(refused(RefusalReason.AGENT_FORWARDING)).isEqualTo(agents + 1);
            } finally {
                agent.destroy();
            }

            double x11 = refused(RefusalReason.X11_FORWARDING);
            Processes.Result display = terminal.shell("DISPLAY=:99 ssh -o " + OWN_CONNECTION + " -X -o ForwardX11Trusted=yes "
                    + id + " true");
            assertThat(display.stderr()).contains("X11 forwarding request failed");
            assertThat(refused(RefusalReason.X11_FORWARDING)).isEqualTo(x11 + 1);

            double scp = refused(RefusalReason.SCP);
            Path file = Files.writeString(terminal.file("notes.txt"), "notes\n");
            // scp runs /usr/bin/ssh, which reads the learner's ~/.ssh/config: this terminal's ssh does that.
            Processes.Result copied = terminal.run(List.of("scp", "-O", "-o", OWN_CONNECTION, "-S", terminal.file("bin/ssh").toString(),
                    file.toString(), id + ":/tmp/notes.txt"));
            assertThat(copied.exitCode()).as(copied.toString()).isNotZero();
            assertThat(copied.stderr()).as("refused before anything runs in the sandbox")
                    .contains("exec request failed").doesNotContain("cannot open a shell");
            assertThat(refused(RefusalReason.SCP)).isEqualTo(scp + 1);
        }
    }
}
