package io.labfleet.gateway;

import io.labfleet.sandbox.Sandbox;
import io.labfleet.sandbox.SandboxState;
import io.labfleet.security.SshKey;
import io.labfleet.support.ApiTest;
import io.labfleet.support.Await;
import io.labfleet.support.LearnerTerminal;
import io.labfleet.support.Processes;
import io.labfleet.support.SshKeygen;
import io.labfleet.support.Tokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A connection outlives its login (ControlMaster, ssh -L): with the learner's real ssh multiplexing channels
 * over one connection, no channel opens once the sandbox is gone, expired or moved, and the connection ends
 * with its sandbox.
 */
@QuarkusTest
class GatewaySessionIT extends ApiTest {

    @Inject
    SshGateway gateway;

    @Inject
    SandboxSessions sessions;

    @Inject
    Scheduler scheduler;

    private static final String KEY_SWEEP = "gateway-key-check";

    /** A ControlMaster connection to the sandbox, kept in the background; commands reuse it through its socket. */
    private record Master(LearnerTerminal terminal, String sandboxId, Path socket, Process process) {

        static Master open(LearnerTerminal terminal, String sandboxId, int port) {
            Path socket = terminal.file("control.sock");
            // In the foreground (no ControlPersist), so that the test reads what the gateway tells the connection.
            Process process = terminal.sshInBackground("-M", "-S", socket.toString(), "-o", "ControlPersist=no", "-N",
                    "-p", String.valueOf(port),
                    sandboxId + "@localhost");
            Master master = new Master(terminal, sandboxId, socket, process);
            Await.until(Duration.ofSeconds(20), master::alive, Boolean.TRUE::equals, "the control master is up");
            return master;
        }

        boolean alive() {
            return terminal.ssh("-S", socket.toString(), "-O", "check", sandboxId + "@localhost").exitCode() == 0;
        }

        /**
         * Runs a command on a new channel of the master's connection. When the master cannot open it, ssh would fall
         * back to a connection of its own: port 1, where nothing listens, keeps that from hiding the refusal.
         */
        Processes.Result command(String... command) {
            List<String> arguments = new ArrayList<>(List.of("-S", socket.toString(), "-o", "ControlMaster=no", "-p", "1",
                    sandboxId + "@localhost"));
            arguments.addAll(List.of(command));
            return terminal.ssh(arguments.toArray(String[]::new));
        }

        boolean endsWithin(Duration timeout) throws InterruptedException {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        /** What the master printed: OpenSSH reports refused channels and the server's disconnect message there. */
        String stderr() throws IOException {
            return new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aLongLivedConnectionOpensNoChannelOnceItsSandboxIsExpiredOrMovedAndEndsWhenItIsDeleted() throws Exception {
        String alice = Tokens.learner(freshTenant("sess"), "alice");
        Path key = Learners.registeredKey(alice, "laptop");
        String id = Learners.readySandbox(alice);
        try (LearnerTerminal terminal = Learners.terminal(alice, id, key)) {
            Master master = Master.open(terminal, id, gateway.boundPort());
            try {
                assertThat(master.command("docker", "ps").stderr()).as("a channel opens while the sandbox is READY")
                        .contains("labfleet: The fake backend cannot open a shell in a sandbox");

                Instant expiresAt = QuarkusTransaction.requiringNew().call(() -> Sandbox.<Sandbox>findById(id).expiresAt);
                QuarkusTransaction.requiringNew().run(() -> Sandbox.update("expiresAt = ?1 where id = ?2",
                        Instant.now().minusSeconds(60), id));
                Processes.Result expired = master.command("docker", "ps");
                assertThat(expired.exitCode()).as(expired.toString()).isNotZero();
                assertThat(expired.stderr()).contains("Session open refused by peer");

                QuarkusTransaction.requiringNew().run(() -> Sandbox.update("expiresAt = ?1, daemonHost = ?2 where id = ?3",
                        expiresAt, "127.0.0.9", id));
                Processes.Result moved = master.command("docker", "ps");
                assertThat(moved.exitCode()).as(moved.toString()).isNotZero();
                assertThat(moved.stderr()).contains("Session open refused by peer");
                QuarkusTransaction.requiringNew().run(() -> Sandbox.update("daemonHost = ?1 where id = ?2", "127.0.0.1", id));
                assertThat(master.alive()).as("refusing a channel leaves the connection up").isTrue();
                assertThat(sessions.openFor(id)).isEqualTo(1);

                as(alice).delete("/api/v1/sandboxes/" + id).then().statusCode(202);
                assertThat(master.endsWithin(Duration.ofSeconds(20))).as("the connection ends with its sandbox").isTrue();
                assertThat(sessions.openFor(id)).isZero();
                String told = master.stderr();
                assertThat(told).contains("sandbox " + id + " expired at")
                        .contains("sandbox " + id + " was moved since this connection logged in")
                        .contains("labfleet: sandbox " + id + " is TERMINATING");
            } finally {
                master.process().destroy();
            }
        }
    }

    /**
     * A command's exit status reaches ssh before the channel's EOF, as OpenSSH's own server sends it: a client whose
     * input has ended answers EOF with a close at once, and a status sent after that is lost, which made ssh exit
     * 255 on a shared connection under load ("Control master terminated unexpectedly") after complete output.
     */
    @Test
    void theExitStatusComesBeforeTheEndOfOutputAlsoOnASharedConnection() throws Exception {
        String carol = Tokens.learner(freshTenant("sess"), "carol");
        Path key = Learners.registeredKey(carol, "laptop");
        String id = Learners.readySandbox(carol);
        try (LearnerTerminal terminal = Learners.terminal(carol, id, key)) {
            Processes.Result traced = terminal.ssh("-vv", "-o", "ControlPath=none", "-p", String.valueOf(gateway.boundPort()),
                    id + "@localhost", "docker", "ps");
            assertThat(traced.exitCode()).as(traced.toString()).isEqualTo(1);
            String trace = traced.stderr();
            assertThat(trace).contains("rtype exit-status", "rcvd eof");
            assertThat(trace.indexOf("rtype exit-status")).as("exit-status before EOF:%n%s", trace)
                    .isLessThan(trace.indexOf("rcvd eof"));

            Master master = Master.open(terminal, id, gateway.boundPort());
            try {
                for (int i = 0; i < 20; i++) {
                    Processes.Result shared = master.command("docker", "ps");
                    assertThat(shared.exitCode()).as("command %d on the shared connection: %s", i, shared).isEqualTo(1);
                    assertThat(shared.stderr()).contains("labfleet: The fake backend cannot open a shell in a sandbox");
                }
            } finally {
                master.process().destroy();
            }
        }
    }

    @Test
    void aSandboxEndedByAnotherReplicaClosesItsConnectionsAtTheNextCheck() throws Exception {
        String bob = Tokens.learner(freshTenant("sess"), "bob");
        Path key = Learners.registeredKey(bob, "laptop");
        String id = Learners.readySandbox(bob);
        try (LearnerTerminal terminal = Learners.terminal(bob, id, key)) {
            Master master = Master.open(terminal, id, gateway.boundPort());
            try {
                assertThat(sessions.closeUnusable()).as("a READY sandbox keeps its connection").isZero();
                assertThat(master.alive()).isTrue();

                QuarkusTransaction.requiringNew().run(() -> Sandbox.update("state = ?1 where id = ?2",
                        SandboxState.TERMINATING, id));
                assertThat(sessions.closeUnusable()).isEqualTo(1);
                assertThat(master.endsWithin(Duration.ofSeconds(20))).isTrue();
                assertThat(master.stderr()).contains("labfleet: sandbox " + id + " is TERMINATING");
            } finally {
                master.process().destroy();
            }
        }
    }

    @Test
    void removingTheKeyEndsTheConnectionsItOpenedAtOnce() throws Exception {
        // Without the periodic sweep (which finds other replicas' removals), only the removal's own event can end it.
        scheduler.pause(KEY_SWEEP);
        try {
            assertRemovingTheKeyEndsTheConnection("carol", (token, key) ->
                    as(token).delete("/api/v1/me/ssh-keys/laptop").then().statusCode(204));
        } finally {
            scheduler.resume(KEY_SWEEP);
        }
    }

    @Test
    void aKeyRemovedThroughAnotherReplicaEndsTheConnectionsItOpenedHere() throws Exception {
        assertRemovingTheKeyEndsTheConnection("dan", (token, key) -> {
            String fingerprint = SshKeygen.fingerprint(key.resolveSibling("id_ed25519.pub"));
            QuarkusTransaction.requiringNew().run(() -> SshKey.delete("fingerprint", fingerprint));
        });
    }

    /** Connects the learner through their key, removes the key with {@code removeKey}, and sees the connection end. */
    private void assertRemovingTheKeyEndsTheConnection(String learner, BiConsumer<String, Path> removeKey)
            throws Exception {
        String token = Tokens.learner(freshTenant("sess"), learner);
        Path key = Learners.registeredKey(token, "laptop");
        String id = Learners.readySandbox(token);
        try (LearnerTerminal terminal = Learners.terminal(token, id, key)) {
            Master master = Master.open(terminal, id, gateway.boundPort());
            try {
                removeKey.accept(token, key);

                assertThat(master.endsWithin(Duration.ofSeconds(20))).as("the connection ends with its key").isTrue();
                assertThat(master.stderr()).contains("the SSH key this connection logged in with was removed");
                assertThat(sessions.openFor(id)).isZero();
            } finally {
                master.process().destroy();
            }
        }
    }
}
