package io.labfleet.gateway;

import io.labfleet.support.ApiTest;
import io.labfleet.support.Await;
import io.labfleet.support.DockerBackendProfile;
import io.labfleet.support.DockerSandboxes;
import io.labfleet.support.LearnerTerminal;
import io.labfleet.support.Processes;
import io.labfleet.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One learner's forgotten shells cannot use up the gateway: past their connection limit
 * ({@code labfleet.gateway.max-connections-per-learner}, 20 by default) a connection's channels are refused with a
 * message, and another learner's shells still open when, together, more shells are open than the engine client's
 * connection pool once allowed (20, shared by every learner).
 */
@Tag("engine")
@QuarkusTest
@TestProfile(DockerBackendProfile.class)
class GatewayLimitsIT extends ApiTest {

    private static final int LIMIT = 20;

    @Inject
    SshGateway gateway;

    @Inject
    SandboxSessions sessions;

    @Test
    void aLearnersIdleShellsNeitherExceedTheirLimitNorBlockOtherLearners() {
        List<Process> idle = new ArrayList<>();
        List<LearnerTerminal> terminals = new ArrayList<>();
        try {
            Learner greedy = learner("greedy", terminals);
            Learner other = learner("other", terminals);
            idle.addAll(greedy.idleShells(LIMIT));
            idle.addAll(other.idleShells(1));
            Await.until(Duration.ofSeconds(120), () -> sessions.openFor(greedy.sandbox()) + sessions.openFor(other.sandbox()),
                    open -> open == LIMIT + 1L, (LIMIT + 1) + " idle shells logged in");

            Processes.Result refused = greedy.command("echo one too many");
            assertThat(refused.exitCode()).isNotZero();
            assertThat(refused.stderr()).contains("you already have 20 connections open to the gateway");

            Processes.Result still = other.command("echo still here");
            assertThat(still.assertSuccess().stdout().strip()).as("another learner's shell, the 22nd at once")
                    .isEqualTo("still here");
        } finally {
            idle.forEach(Process::destroyForcibly);
            terminals.forEach(LearnerTerminal::close);
        }
    }

    /** Each shell and command on a connection of its own, not on one the handed-out config shares. */
    private record Learner(String sandbox, LearnerTerminal terminal, int port) {

        List<Process> idleShells(int count) {
            List<Process> shells = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                shells.add(terminal.sshInBackground("-o", "ControlPath=none", "-p", String.valueOf(port),
                        sandbox + "@localhost", "sleep", "600"));
            }
            return shells;
        }

        Processes.Result command(String command) {
            return terminal.ssh("-o", "ControlPath=none", "-p", String.valueOf(port), sandbox + "@localhost", command);
        }
    }

    private Learner learner(String name, List<LearnerTerminal> terminals) {
        String token = Tokens.learner(freshTenant("limits"), name);
        Path key = Learners.registeredKey(token, "laptop");
        String sandbox = DockerSandboxes.createReady(token, "p3-container-lifecycle", null);
        LearnerTerminal terminal = Learners.terminal(token, sandbox, key);
        terminals.add(terminal);
        return new Learner(sandbox, terminal, gateway.boundPort());
    }
}
