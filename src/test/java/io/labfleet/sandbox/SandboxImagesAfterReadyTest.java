package io.labfleet.sandbox;

import io.labfleet.config.LabfleetConfig;
import io.labfleet.lifecycle.ExpiryReaper;
import io.labfleet.provisioner.RuntimeStatus;
import io.labfleet.support.ApiTest;
import io.labfleet.support.Await;
import io.labfleet.support.FakeSandboxProvisioner;
import io.labfleet.support.TestClock;
import io.labfleet.support.Tokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A learner's sandbox of a lab without setup commands is READY once its daemon answers, and its lab's images go in
 * right after (on the fake backend, whose seeding the tests hold and fail): whoever waits for them is let through
 * only once they are in, or told why they never will be; a seeding a crash cut short is taken up by the reaper; a
 * pooled sandbox, and one of a lab with setup commands, still get their images before READY.
 */
@QuarkusTest
class SandboxImagesAfterReadyTest extends ApiTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Has images, no setup commands. */
    private static final String LAB = "p3-container-lifecycle";
    /** Has images and setup commands. */
    private static final String LAB_WITH_SETUP = "p10-crash-loop";
    private static final String OTHER_REPLICA = "other-replica#0001";

    @Inject
    FakeSandboxProvisioner provisioner;
    @Inject
    SandboxImagesWait images;
    @Inject
    SandboxJobs jobs;
    @Inject
    SandboxSuspensions suspensions;
    @Inject
    SandboxClaims claims;
    @Inject
    ExpiryReaper reaper;
    @Inject
    Replica replica;
    @Inject
    TestClock clock;
    @Inject
    LabfleetConfig config;

    /** The sandboxes' rows as they were while their images were being seeded, by id. */
    private final Map<String, Sandbox> whileSeeding = new ConcurrentHashMap<>();
    private final CountDownLatch seedingMayEnd = new CountDownLatch(1);

    @AfterEach
    void putTheBackendBack() {
        seedingMayEnd.countDown();
        provisioner.whileSeeding(null);
        provisioner.failSeedingWith(null);
        clock.reset();
    }

    /** Seedings record the row they see, then wait until the test lets them end. */
    private void holdSeedings() {
        provisioner.whileSeeding(id -> {
            whileSeeding.put(id, row(id));
            try {
                seedingMayEnd.await(WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @Test
    void aLearnersSandboxIsReadyBeforeItsImagesAndWhoeverWaitsForThemGoesOnOnceTheyAreIn() throws Exception {
        holdSeedings();
        String token = learner();
        String id = create(token, LAB);

        Await.until(WAIT, () -> whileSeeding.get(id), seen -> seen != null, "the seeding of " + id + " to start");
        assertThat(whileSeeding.get(id).state).as("READY before its images").isEqualTo(SandboxState.READY);
        as(token).get("/api/v1/sandboxes/" + id).then().statusCode(200)
                .body("state", org.hamcrest.Matchers.equalTo("READY"))
                .body("imagesPending", org.hamcrest.Matchers.equalTo(true))
                .body("reason", org.hamcrest.Matchers.equalTo(SandboxJobs.IMAGES_GOING_IN));
        CompletableFuture<Void> firstCommand = images.whenIn(id);
        CompletableFuture<Void> aCheck = CompletableFuture.runAsync(() -> images.await(id, true));
        Thread.sleep(500);
        assertThat(firstCommand).as("a way in waits while the images go in").isNotDone();
        assertThat(aCheck).isNotDone();

        seedingMayEnd.countDown();
        firstCommand.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        aCheck.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        Sandbox after = row(id);
        assertThat(after.imagesPending).isFalse();
        assertThat(after.reason).isEqualTo(SandboxJobs.IMAGES_IN);
        assertThat(after.state).isEqualTo(SandboxState.READY);
        Await.until(WAIT, () -> row(id).claimedBy, claimedBy -> claimedBy == null, "the job's claim given back");
        assertThat(provisioner.seedings(id)).isEqualTo(1);
        images.whenIn(id).get(WAIT.toSeconds(), TimeUnit.SECONDS); // once in, no wait
    }

    @Test
    void aSeedingThatFailsFailsTheSandboxRemovesItsRuntimeAndTellsWhoeverWaits() {
        holdSeedings();
        provisioner.failSeedingWith("write /var/lib/docker/tmp: no space left on device");
        String id = create(learner(), LAB);
        Await.until(WAIT, () -> whileSeeding.get(id), seen -> seen != null, "the seeding of " + id + " to start");
        CompletableFuture<Void> firstCommand = images.whenIn(id);

        seedingMayEnd.countDown();
        assertThatThrownBy(() -> firstCommand.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                .hasCauseInstanceOf(SandboxImagesNotInException.class)
                .hasMessageContaining("the lab's images did not go in, because it is FAILED")
                .hasMessageContaining("FAILED: The lab's images could not be put into it");
        Sandbox failed = row(id);
        assertThat(failed.state).isEqualTo(SandboxState.FAILED);
        assertThat(failed.reason).isEqualTo(SandboxJobs.imagesFailedReason(id));
        assertThat(provisioner.seedings(id)).as("tried three times, its runtime running").isEqualTo(3);
        assertThat(provisioner.status(id)).as("its runtime removed").isEqualTo(RuntimeStatus.ABSENT);
        assertThatThrownBy(() -> images.await(id, true)).isInstanceOf(SandboxImagesNotInException.class);
        // A caller whose own read found the images in does not read the row again (the FAILED row would refuse it)
        assertThatCode(() -> images.await(id, false)).doesNotThrowAnyException();
    }

    @Test
    void aSeedingThatFailsOnceWhileTheRuntimeRunsIsTriedAgain() {
        provisioner.failSeedingWith("Cannot connect to the Docker daemon"); // a daemon started again a moment ago
        provisioner.whileSeeding(id -> {
            if (provisioner.seedings(id) == 2) {
                provisioner.failSeedingWith(null);
            }
        });
        String id = create(learner(), LAB);

        Await.until(WAIT, () -> row(id), row -> !row.imagesPending && row.claimedBy == null, "its images in");
        assertThat(row(id).state).isEqualTo(SandboxState.READY);
        assertThat(provisioner.seedings(id)).isEqualTo(2);
    }

    @Test
    void aSandboxDeletedWhileItsImagesGoInIsTornDownNotFailed() {
        holdSeedings();
        provisioner.failSeedingWith("Cannot connect to the Docker daemon"); // as its teardown makes the load fail
        String token = learner();
        String id = create(token, LAB);
        Await.until(WAIT, () -> whileSeeding.get(id), seen -> seen != null, "the seeding of " + id + " to start");

        as(token).delete("/api/v1/sandboxes/" + id).then().statusCode(202);
        Await.until(WAIT, () -> row(id).state, SandboxState.TERMINATED::equals, id + " TERMINATED");
        seedingMayEnd.countDown();
        Await.until(WAIT, () -> row(id).claimedBy, claimedBy -> claimedBy == null, "the seeding's job to end");
        Sandbox ended = row(id);
        assertThat(ended.state).as("the learner's delete stands").isEqualTo(SandboxState.TERMINATED);
        assertThat(ended.imagesPending).as("nobody waits for them any more").isFalse();
        assertThat(provisioner.status(id)).isEqualTo(RuntimeStatus.ABSENT);
    }

    @Test
    void aSeedingThatFailsWhileTheRuntimeIsStoppedWaitsForItAndOneStillWaitingPastTheTimeoutIsFailed() {
        holdSeedings();
        provisioner.failSeedingWith("Cannot connect to the Docker daemon");
        String id = create(learner(), LAB);
        Await.until(WAIT, () -> whileSeeding.get(id), seen -> seen != null, "the seeding of " + id + " to start");
        provisioner.stop(id); // its engine restarted, say

        seedingMayEnd.countDown();
        Await.until(WAIT, () -> row(id).claimedBy, claimedBy -> claimedBy == null, "the seeding's job to end");
        Sandbox waiting = row(id);
        assertThat(waiting.state).as("left for the reconciler to start again").isEqualTo(SandboxState.READY);
        assertThat(waiting.imagesPending).isTrue();
        assertThat(provisioner.status(id)).isEqualTo(RuntimeStatus.STOPPED);

        clock.advance(config.sandbox().provisioningTimeout().plusSeconds(1));
        assertThat(reaper.reap().imagesLate()).as("still waiting a provisioning timeout after READY").contains(id);
        Sandbox failed = row(id);
        assertThat(failed.state).isIn(SandboxState.FAILED);
        assertThat(failed.reason).startsWith("The lab's images did not go in within ");
        Await.until(WAIT, () -> provisioner.status(id), RuntimeStatus.ABSENT::equals, "its runtime removed");
    }

    @Test
    void aSeedingCutShortIsTakenUpOnceItsReplicasClaimLapsedAndMeanwhileTheSandboxIsNeverSuspended() {
        String id = create(learner(), LAB);
        Await.until(WAIT, () -> row(id), row -> !row.imagesPending && row.claimedBy == null, "its images in");
        // The replica seeding it dies: the row still says its images are going in, under that replica's claim.
        Instant now = clock.instant();
        QuarkusTransaction.requiringNew().run(() -> Sandbox.update("imagesPending = true, claimedBy = ?1,"
                        + " claimedUntil = ?2, lastActivityAt = ?3 where id = ?4", OTHER_REPLICA,
                now.plus(replica.lease()), now.minus(Duration.ofMinutes(10)), id));

        assertThat(reaper.reap().seeded()).as("its replica's claim still holds").doesNotContain(id);
        clock.advance(replica.lease().plusSeconds(1));
        assertThat(suspensions.suspendIdleLater(clock.instant().minus(Duration.ofMinutes(5)), Duration.ofMinutes(1)))
                .as("never suspended before its images are in").doesNotContain(id);
        assertThat(reaper.reap().seeded()).as("taken up once that claim lapsed").contains(id);

        Await.until(WAIT, () -> row(id), row -> !row.imagesPending && row.claimedBy == null, "its images in again");
        assertThat(provisioner.seedings(id)).isEqualTo(2);
        Instant used = clock.instant(); // its learner came back: the next pass does not suspend it, idle since long
        QuarkusTransaction.requiringNew().run(() -> Sandbox.update("lastActivityAt = ?1 where id = ?2", used, id));
        assertThat(reaper.reap().seeded()).as("and not again").doesNotContain(id);

        // A seeding whose job the replica could not start (it was stopping) left no claim: taken up at once.
        QuarkusTransaction.requiringNew().run(() -> Sandbox.update("imagesPending = true where id = ?1", id));
        assertThat(reaper.reap().seeded()).contains(id);
        Await.until(WAIT, () -> row(id), row -> !row.imagesPending && row.claimedBy == null, "its images in again");
        assertThat(provisioner.seedings(id)).isEqualTo(3);
    }

    @Test
    void aPooledSandboxAndOneOfALabWithSetupCommandsGetTheirImagesBeforeReady() {
        holdSeedings();
        seedingMayEnd.countDown();
        String pooled = "sb-imgpool" + Long.toString(System.nanoTime(), 36);
        QuarkusTransaction.requiringNew().run(() -> Sandbox.pooled(pooled, LAB, provisioner.backend(),
                clock.instant(), Duration.ofHours(1)).persist());
        jobs.provision(pooled);
        assertThat(whileSeeding.get(pooled).state).isEqualTo(SandboxState.PROVISIONING);
        assertThat(row(pooled).state).isEqualTo(SandboxState.READY);
        assertThat(row(pooled).imagesPending).as("a create hands it out at once").isFalse();
        claims.move(pooled, SandboxState.TERMINATING, "The test is over."); // or the next create would take it
        jobs.deprovision(pooled);

        String withSetup = create(learner(), LAB_WITH_SETUP);
        Await.until(WAIT, () -> whileSeeding.get(withSetup), seen -> seen != null, "the seeding of " + withSetup);
        assertThat(whileSeeding.get(withSetup).state).as("its setup needs them, before anyone sees it")
                .isEqualTo(SandboxState.PROVISIONING);
        assertThat(whileSeeding.get(withSetup).imagesPending).isFalse();
    }

    private String learner() {
        String tenant = freshTenant("images");
        tenantWithQuotas(tenant, 5, 5, 600);
        return Tokens.learner(tenant, "alice");
    }

    private String create(String token, String labId) {
        return as(token).body("{\"labId\":\"" + labId + "\"}").post("/api/v1/sandboxes").then().statusCode(202)
                .extract().path("id");
    }

    private static Sandbox row(String id) {
        return QuarkusTransaction.requiringNew().call(() -> Sandbox.<Sandbox>findById(id));
    }
}
