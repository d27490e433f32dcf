package io.labfleet.gateway;

import io.labfleet.sandbox.Replica;
import io.labfleet.sandbox.Sandbox;
import io.labfleet.sandbox.SandboxClaims;
import io.labfleet.sandbox.SandboxJobs;
import io.labfleet.sandbox.SandboxState;
import io.labfleet.support.ApiTest;
import io.labfleet.support.Await;
import io.labfleet.support.DockerBackendProfile;
import io.labfleet.support.LearnerTerminal;
import io.labfleet.support.Processes;
import io.labfleet.support.TerminalClient;
import io.labfleet.support.Tokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A learner's sandbox is READY once its daemon answers and gets its lab's images right after; on the real engine,
 * through the learner's own docker CLI and the gateway: the first command finds the images, and while the row says
 * they are still going in, commands and checks wait, then go on; a sandbox that fails meanwhile is refused with why.
 */
@Tag("engine")
@QuarkusTest
@TestProfile(DockerBackendProfile.class)
class ImagesAfterReadyIT extends ApiTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    /** How long a command must have waited to show that it waits (not that it was slow). */
    private static final Duration HELD = Duration.ofSeconds(2);

    @Inject
    SshGateway gateway;
    @Inject
    SandboxClaims claims;
    @Inject
    SandboxJobs jobs;
    @Inject
    Replica replica;

    private String host(String sandboxId) {
        return "ssh://" + sandboxId + "@localhost:" + gateway.boundPort();
    }

    /**
     * Makes the row say the images are (still) going in, under this replica's claim as while its job puts them in
     * (the reaper takes up a seeding nobody claims), or that they are in.
     */
    private void imagesPending(String sandboxId, boolean pending) {
        QuarkusTransaction.requiringNew().run(() -> Sandbox.update("imagesPending = ?1, claimedBy = ?2,"
                        + " claimedUntil = ?3 where id = ?4", pending, pending ? replica.id() : null,
                pending ? Instant.now().plus(Duration.ofHours(1)) : null, sandboxId));
    }

    @Test
    void theFirstCommandFindsTheLabsImagesAndWhileTheyGoInCommandsAndChecksWait() throws Exception {
        String alice = Tokens.learner(freshTenant("images"), "alice");
        Path key = Learners.registeredKey(alice, "laptop");
        String id = Learners.readySandboxItsImagesMaybeStillGoingIn(alice);
        try (LearnerTerminal terminal = Learners.terminal(alice, id, key)) {
            String sandbox = host(id);
            assertThat(terminal.docker("-H", sandbox, "images", "--format", "{{.Repository}}:{{.Tag}}")
                    .assertSuccess().stdout()).as("the first command, right at READY").contains("nginx:latest");
            assertThat(as(alice).get("/api/v1/sandboxes/" + id).then().extract().<Boolean>path("imagesPending"))
                    .isFalse();

            imagesPending(id, true); // as while they go in
            CompletableFuture<Processes.Result> command = CompletableFuture.supplyAsync(() ->
                    terminal.docker("-H", sandbox, "version", "--format", "{{.Server.Version}}"));
            String runId = as(alice).post("/api/v1/sandboxes/" + id + "/validations").then().statusCode(202)
                    .extract().path("id");
            try (TerminalClient browser = TerminalClient.openWithTicket(alice, id, null)) {
                Thread.sleep(HELD.toMillis());
                assertThat(command).as("the command waits for the images").isNotDone();
                assertThat(as(alice).get("/api/v1/validations/" + runId).then().extract().<String>path("state"))
                        .as("the check waits too").isIn("QUEUED", "RUNNING");
                assertThat(browser.received()).as("the terminal's shell is not started yet: not even a prompt")
                        .isZero();

                Instant cleared = Instant.now();
                imagesPending(id, false);
                assertThat(command.get(WAIT.toSeconds(), TimeUnit.SECONDS).assertSuccess().stdout()).isNotBlank();
                String ended = Await.until(WAIT, () -> as(alice).get("/api/v1/validations/" + runId).then()
                                .extract().<String>path("state"), state -> !List.of("QUEUED", "RUNNING").contains(state),
                        "the run to end");
                assertThat(ended).isEqualTo("COMPLETED");
                assertThat(Instant.parse(as(alice).get("/api/v1/validations/" + runId).then().extract()
                        .<String>path("finishedAt"))).as("its checks ran once the images were in").isAfter(cleared);
                browser.type("echo $((6*7))-typed-once-they-were-in\r");
                browser.awaitPrinted("42-typed-once-they-were-in", WAIT);
            }

            imagesPending(id, true);
            CompletableFuture<Processes.Result> refused = CompletableFuture.supplyAsync(() ->
                    terminal.docker("-H", sandbox, "version", "--format", "{{.Server.Version}}"));
            Thread.sleep(HELD.toMillis());
            assertThat(refused).isNotDone();
            claims.move(id, SandboxState.FAILED, "The lab's images could not be put into it (a test says so).");
            Processes.Result answer = refused.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(answer.exitCode()).isNotZero();
            // The images' wait or the gateway's own watch of the sandbox, whichever is first, tells the learner.
            assertThat(answer.stderr()).as("what the learner reads").contains(id)
                    .contains("is FAILED");
        } finally {
            jobs.deprovision(id);
        }
    }
}
