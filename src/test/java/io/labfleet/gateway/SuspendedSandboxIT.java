package io.labfleet.gateway;

import io.labfleet.lifecycle.ExpiryReaper;
import io.labfleet.provisioner.docker.DockerSandboxModel;
import io.labfleet.sandbox.Sandbox;
import io.labfleet.sandbox.SandboxSuspensions;
import io.labfleet.support.ApiTest;
import io.labfleet.support.Await;
import io.labfleet.support.DockerBackendProfile;
import io.labfleet.support.DockerInstallation;
import io.labfleet.support.HostDocker;
import io.labfleet.support.LearnerTerminal;
import io.labfleet.support.Processes;
import io.labfleet.support.TerminalClient;
import io.labfleet.support.Tokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.scheduler.Scheduler;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/**
 * Suspended sandboxes on the real engine, from the learner's side: an idle sandbox's container is stopped with
 * everything in it kept, and the learner's own docker CLI, through the gateway, wakes it with its next command; a
 * check wakes it too; a sandbox where a learner's container runs stays up; and a key that does not open a sandbox
 * cannot wake it. The pass is called by the tests (the suites' profile does not suspend on its own), for sandboxes
 * made idle a day ago: no other suite's sandbox is touched.
 */
@Tag("engine")
@QuarkusTest
@TestProfile(DockerBackendProfile.class)
class SuspendedSandboxIT extends ApiTest {

    static final String LAB = "p3-container-lifecycle";
    private static final Duration SUSPENSION = Duration.ofSeconds(60);

    @Inject
    SshGateway gateway;
    @Inject
    SandboxSuspensions suspensions;
    @Inject
    SandboxActivity activity;
    @Inject
    Scheduler scheduler;

    /** Its sandboxes are made idle for a day: the periodic reaper would end them for their idle timeout. */
    @BeforeEach
    void pauseTheReaper() {
        scheduler.pause(ExpiryReaper.JOB);
    }

    @AfterEach
    void resumeTheReaper() {
        scheduler.resume(ExpiryReaper.JOB);
    }

    private String host(String sandboxId) {
        return "ssh://" + sandboxId + "@localhost:" + gateway.boundPort();
    }

    private static String container(String sandboxId) {
        return DockerSandboxModel.name(DockerInstallation.id(), sandboxId);
    }

    private static boolean running(String sandboxId) {
        return Boolean.parseBoolean(HostDocker.run("inspect", "--format", "{{.State.Running}}", container(sandboxId)));
    }

    private static Sandbox row(String id) {
        return QuarkusTransaction.requiringNew().call(() -> Sandbox.<Sandbox>findById(id));
    }

    /**
     * Makes the sandbox idle for a day and runs the suspension pass for sandboxes that idle; returns those it took.
     * Waits first until the learner's last command has closed its channel: one with a channel open is in use.
     */
    private List<String> suspendIdle(String sandboxId) {
        Await.until(SUSPENSION, () -> activity.anyOpen(sandboxId), open -> !open, "the channels of " + sandboxId
                + " to close");
        activity.flush(); // what was used here since the last write counts as in use until it is written
        Instant now = Instant.now();
        QuarkusTransaction.requiringNew().run(() -> Sandbox.update("lastActivityAt = ?1 where id = ?2",
                now.minus(Duration.ofDays(1)), sandboxId));
        List<String> taken = suspensions.suspendIdleLater(now.minus(Duration.ofHours(23)), Duration.ofMinutes(10));
        Await.until(SUSPENSION, () -> row(sandboxId).claimedBy, claim -> claim == null,
                "the suspension of " + sandboxId + " to end");
        return taken;
    }

    private void suspend(String token, String sandboxId) {
        assertThat(suspendIdle(sandboxId)).contains(sandboxId);
        assertThat(running(sandboxId)).as("its container is stopped").isFalse();
        as(token).get("/api/v1/sandboxes/" + sandboxId).then().statusCode(200)
                .body("state", org.hamcrest.Matchers.equalTo("READY"))
                .body("suspendedAt", notNullValue())
                .body("reason", startsWith("Suspended at "));
    }

    @Test
    void theLearnersNextCommandWakesASuspendedSandboxWithEverythingInIt() throws Exception {
        String alice = Tokens.learner(freshTenant("wake"), "alice");
        Path key = Learners.registeredKey(alice, "laptop");
        String id = Learners.readySandbox(alice);
        try (LearnerTerminal terminal = Learners.terminal(alice, id, key)) {
            String sandbox = host(id);
            terminal.docker("-H", sandbox, "volume", "create", "work").assertSuccess();
            terminal.docker("-H", sandbox, "run", "--name", "kept", "-v", "work:/data", "nginx", "sh", "-c",
                    "echo mine > /data/file").assertSuccess();

            suspend(alice, id);

            Processes.Result read = terminal.docker("-H", sandbox, "run", "--rm", "-v", "work:/data", "nginx",
                    "cat", "/data/file");
            assertThat(read.assertSuccess().stdout().strip()).as("the first command after the suspension").isEqualTo("mine");
            assertThat(terminal.docker("-H", sandbox, "ps", "-a", "--format", "{{.Names}}").assertSuccess().stdout())
                    .contains("kept");
            assertThat(running(id)).isTrue();
            as(alice).get("/api/v1/sandboxes/" + id).then().body("suspendedAt", nullValue())
                    .body("reason", startsWith("Woken at "));

            suspend(alice, id);
            List<CompletableFuture<Processes.Result>> atOnce = IntStream.range(0, 4).mapToObj(i ->
                    CompletableFuture.supplyAsync(() -> terminal.docker("-H", sandbox, "version", "--format",
                            "{{.Server.Version}}"))).toList();
            for (CompletableFuture<Processes.Result> command : atOnce) {
                assertThat(command.get().assertSuccess().stdout()).as("commands that all wait for one wake").isNotBlank();
            }
        }

        suspend(alice, id);
        String runId = as(alice).post("/api/v1/sandboxes/" + id + "/validations").then().statusCode(202)
                .extract().path("id");
        String ended = Await.until(Duration.ofSeconds(120), () -> as(alice).get("/api/v1/validations/" + runId).then()
                .extract().<String>path("state"), state -> !"QUEUED".equals(state) && !"RUNNING".equals(state),
                "the run to end");
        assertThat(ended).as("a check wakes the sandbox and grades it, the daemon answering").isEqualTo("COMPLETED");
        assertThat(running(id)).isTrue();
        as(alice).delete("/api/v1/sandboxes/" + id).then().statusCode(202);
    }

    @Test
    void aSandboxWhereALearnersContainerRunsIsNotSuspended() throws Exception {
        String alice = Tokens.learner(freshTenant("busy"), "alice");
        Path key = Learners.registeredKey(alice, "laptop");
        String id = Learners.readySandbox(alice);
        try (LearnerTerminal terminal = Learners.terminal(alice, id, key)) {
            terminal.docker("-H", host(id), "run", "-d", "--name", "web", "nginx").assertSuccess();

            assertThat(suspendIdle(id)).as("tried").contains(id);

            assertThat(running(id)).isTrue();
            assertThat(row(id).suspendedAt).isNull();
            assertThat(terminal.docker("-H", host(id), "ps", "--format", "{{.Names}}").assertSuccess().stdout())
                    .as("the learner's server still runs").contains("web");
        }
        as(alice).delete("/api/v1/sandboxes/" + id).then().statusCode(202);
    }

    @Test
    void aBrowserTerminalWakesASuspendedSandboxBeforeItsShellStarts() {
        String alice = Tokens.learner(freshTenant("wake-terminal"), "alice");
        String id = Learners.readySandbox(alice);
        suspend(alice, id);

        try (TerminalClient terminal = TerminalClient.openWithTicket(alice, id, null)) {
            // The answer is not in the typed line, which the shell echoes.
            terminal.type("echo $((6*7))-answered-by-$(docker info --format '{{.OSType}}')\r");
            terminal.awaitPrinted("42-answered-by-linux", Duration.ofSeconds(60));
        }
        assertThat(running(id)).isTrue();
        assertThat(row(id).suspendedAt).isNull();
        as(alice).delete("/api/v1/sandboxes/" + id).then().statusCode(202);
    }

    /** Waking costs the host a started sandbox: only a key that opens the sandbox may cause it. */
    @Test
    void aKeyThatDoesNotOpenASuspendedSandboxCannotWakeIt() throws Exception {
        String tenant = freshTenant("wake-attack");
        String alice = Tokens.learner(tenant, "alice");
        String mallory = Tokens.learner(tenant, "mallory");
        Learners.registeredKey(alice, "laptop");
        Path malloryKey = Learners.registeredKey(mallory, "laptop");
        String id = Learners.readySandbox(alice);
        suspend(alice, id);

        var context = as(alice).get("/api/v1/sandboxes/" + id + "/context").then().statusCode(200).extract();
        try (LearnerTerminal terminal = LearnerTerminal.withKey(malloryKey).trust(context.path("knownHosts"))
                .configureSsh(context.path("sshConfig"))) {
            Processes.Result refused = terminal.docker("-H", host(id), "version");
            assertThat(refused.exitCode()).as(refused.toString()).isNotZero();
            Processes.Result shell = terminal.ssh("-p", String.valueOf(gateway.boundPort()), id + "@localhost", "true");
            assertThat(shell.exitCode()).as(shell.toString()).isNotZero();
        }

        assertThat(running(id)).as("still suspended").isFalse();
        assertThat(row(id).suspendedAt).isNotNull();
        as(alice).delete("/api/v1/sandboxes/" + id).then().statusCode(202);
    }
}
