package io.labfleet.api;

import io.labfleet.config.IdGenerator;
import io.labfleet.sandbox.Sandbox;
import io.labfleet.support.ApiTest;
import io.labfleet.support.Await;
import io.labfleet.support.Tokens;
import io.labfleet.validation.CheckResult;
import io.labfleet.validation.ValidationHelper;
import io.labfleet.validation.ValidationRecovery;
import io.labfleet.validation.ValidationRun;
import io.labfleet.validation.ValidationWorkers;
import io.labfleet.validation.check.CheckStatus;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.labfleet.api.SandboxResourceTest.LAB;
import static io.labfleet.api.SandboxResourceTest.awaitState;
import static io.labfleet.api.SandboxResourceTest.create;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyIterable;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.oneOf;

/**
 * Validation runs through the API, on the fake backend: its sandboxes' "daemon" address has no daemon, so runs
 * end ERROR, which is what a learner sees when a sandbox's engine does not answer. Checks against real daemons
 * are the labs' integration tests.
 */
@QuarkusTest
class ValidationResourceTest extends ApiTest {

    @Inject
    ValidationRecovery recovery;

    @Inject
    ValidationWorkers workers;

    @Inject
    IdGenerator ids;

    static String readySandbox(String token) {
        String id = create(token, "{\"labId\":\"" + LAB + "\"}");
        awaitState(token, id, "READY");
        return id;
    }

    static String stateOfRun(String token, String runId) {
        return as(token).get("/api/v1/validations/" + runId).then().statusCode(200).extract().path("state");
    }

    @Test
    void aRunIsQueuedAtOnceAndEndsWithAReasonWhenTheDaemonDoesNotAnswer() {
        String alice = Tokens.learner(freshTenant("run"), "alice");
        String sandbox = readySandbox(alice);

        var started = as(alice).post("/api/v1/sandboxes/" + sandbox + "/validations").then().statusCode(202)
                .header("Location", containsString("/api/v1/validations/vr-"))
                .body("state", oneOf("QUEUED", "RUNNING", "ERROR"))
                .body("sandboxId", equalTo(sandbox))
                .body("labId", equalTo(LAB))
                .body("total", equalTo(4))
                .extract();
        String runId = started.path("id");
        assertThat(started.header("Location")).endsWith("/api/v1/validations/" + runId);

        Await.until(Duration.ofSeconds(30), () -> stateOfRun(alice, runId), "ERROR"::equals, "the run to end");
        as(alice).get("/api/v1/validations/" + runId).then()
                .body("error", containsString("Le démon Docker de la sandbox ne répond pas"))
                .body("finishedAt", is(org.hamcrest.Matchers.notNullValue()))
                .body("results", emptyIterable());
        as(alice).header("Accept-Language", "en-GB,en;q=0.9").get("/api/v1/validations/" + runId).then()
                .body("error", containsString("The sandbox's Docker daemon does not answer"))
                .body("error", org.hamcrest.Matchers.not(containsString("127.0.0.1")));
    }

    @Test
    void historyIsNewestFirst() {
        String alice = Tokens.learner(freshTenant("hist"), "alice");
        String sandbox = readySandbox(alice);
        String first = as(alice).post("/api/v1/sandboxes/" + sandbox + "/validations").then().statusCode(202)
                .extract().path("id");
        Await.until(Duration.ofSeconds(30), () -> stateOfRun(alice, first), "ERROR"::equals, "the first run to end");
        String second = as(alice).post("/api/v1/sandboxes/" + sandbox + "/validations").then().statusCode(202)
                .extract().path("id");
        assertThat(second).isNotEqualTo(first);

        as(alice).get("/api/v1/sandboxes/" + sandbox + "/validations").then().statusCode(200)
                .body("id", equalTo(List.of(second, first)));
        as(alice).queryParam("size", 1).get("/api/v1/sandboxes/" + sandbox + "/validations").then()
                .body("id", equalTo(List.of(second)));
        as(alice).queryParam("size", 0).get("/api/v1/sandboxes/" + sandbox + "/validations").then().statusCode(400);
    }

    /**
     * Learners double-click: asks that race while a run is in flight are all refused naming that run, and only one is
     * made. The sandbox's daemon is a socket that accepts and never answers, so the run stays in flight until it
     * closes.
     */
    @Test
    void asksRacingWhileARunIsInFlightAllAreToldOfThatOneRun() throws Exception {
        String alice = Tokens.learner(freshTenant("race"), "alice");
        String sandbox = readySandbox(alice);
        ExecutorService askers = Executors.newFixedThreadPool(8);
        try (ServerSocket silentDaemon = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            QuarkusTransaction.requiringNew().run(() -> Sandbox.update("daemonHost = ?1, daemonPort = ?2 where id = ?3",
                    "127.0.0.1", silentDaemon.getLocalPort(), sandbox));
            String first = as(alice).post("/api/v1/sandboxes/" + sandbox + "/validations").then().statusCode(202)
                    .extract().path("id");
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> asks = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                asks.add(askers.submit(() -> {
                    go.await();
                    return as(alice).post("/api/v1/sandboxes/" + sandbox + "/validations").then().statusCode(409)
                            .contentType("application/problem+json").extract().<String>path("runId");
                }));
            }
            go.countDown();
            for (Future<String> ask : asks) {
                assertThat(ask.get(1, TimeUnit.MINUTES)).isEqualTo(first);
            }
            assertThat(stateOfRun(alice, first)).as("still in flight after the race").isIn("QUEUED", "RUNNING");
            as(alice).get("/api/v1/sandboxes/" + sandbox + "/validations").then().statusCode(200)
                    .body("id", equalTo(List.of(first)));
        } finally {
            askers.shutdownNow();
        }
    }

    @Test
    void oneValidationAtATimeASecondOneNamesTheRunUnderWay() {
        String tenant = freshTenant("once");
        String alice = Tokens.learner(tenant, "alice");
        String sandbox = readySandbox(alice);
        String underWay = persisted(run(sandbox, tenant, "alice", ValidationRun.State.RUNNING, "replica-busy",
                Instant.now()));
        try {
            as(alice).post("/api/v1/sandboxes/" + sandbox + "/validations").then().statusCode(409)
                    .contentType("application/problem+json")
                    .body("type", endsWith("/validation-in-progress"))
                    .body("runId", equalTo(underWay))
                    .body("detail", containsString(underWay));
            as(Tokens.instructor(tenant, "irene")).post("/api/v1/sandboxes/" + sandbox + "/validations").then()
                    .statusCode(409).body("runId", equalTo(underWay));
            as(alice).get("/api/v1/sandboxes/" + sandbox + "/validations").then().body("id", equalTo(List.of(underWay)));
        } finally {
            QuarkusTransaction.requiringNew().run(() -> ValidationRun.update("state = ?1 where id = ?2",
                    ValidationRun.State.ERROR, underWay));
        }
        as(alice).post("/api/v1/sandboxes/" + sandbox + "/validations").then().statusCode(202);
    }

    @Test
    void onlyAReadyOrExpiringSandboxCanBeValidated() {
        String alice = Tokens.learner(freshTenant("ended"), "alice");
        String sandbox = readySandbox(alice);
        as(alice).delete("/api/v1/sandboxes/" + sandbox).then().statusCode(202);
        awaitState(alice, sandbox, "TERMINATED");

        as(alice).post("/api/v1/sandboxes/" + sandbox + "/validations").then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", endsWith("/sandbox-not-ready"))
                .body("detail", containsString("TERMINATED"));
        as(alice).get("/api/v1/sandboxes/" + sandbox + "/validations").then().statusCode(200).body("$", hasSize(0));
    }

    @Test
    void theHelpersOfAnEndedSandboxAreForgottenAndOnlyThose() {
        String alice = Tokens.learner(freshTenant("helpers"), "alice");
        String ended = readySandbox(alice);
        String live = readySandbox(alice);
        remember(ended, "c-ended");
        remember(live, "c-live");
        as(alice).delete("/api/v1/sandboxes/" + ended).then().statusCode(202);
        awaitState(alice, ended, "TERMINATED");

        assertThat(recovery.forgetHelpersOfEndedSandboxes()).isGreaterThanOrEqualTo(1);

        assertThat(QuarkusTransaction.requiringNew().call(() -> ValidationHelper.idsIn(ended))).isEmpty();
        assertThat(QuarkusTransaction.requiringNew().call(() -> ValidationHelper.idsIn(live))).containsExactly("c-live");
    }

    private static void remember(String sandboxId, String containerId) {
        QuarkusTransaction.requiringNew().run(() -> {
            ValidationHelper helper = new ValidationHelper();
            helper.key = new ValidationHelper.Key(sandboxId, containerId);
            helper.createdAt = Instant.now();
            helper.persist();
        });
    }

    @Test
    void whoMayValidateAndReadRuns() {
        String tenant = freshTenant("acl");
        String alice = Tokens.learner(tenant, "alice");
        String bob = Tokens.learner(tenant, "bob");
        String irene = Tokens.instructor(tenant, "irene");
        String otherInstructor = Tokens.instructor(freshTenant("other"), "oscar");
        String admin = Tokens.admin("root");
        String sandbox = readySandbox(alice);
        String runId = as(alice).post("/api/v1/sandboxes/" + sandbox + "/validations").then().statusCode(202)
                .extract().path("id");

        for (String stranger : new String[]{bob, otherInstructor}) {
            as(stranger).post("/api/v1/sandboxes/" + sandbox + "/validations").then().statusCode(404)
                    .body("type", endsWith("/sandbox-not-found"));
            as(stranger).get("/api/v1/sandboxes/" + sandbox + "/validations").then().statusCode(404);
            as(stranger).get("/api/v1/validations/" + runId).then().statusCode(404)
                    .contentType("application/problem+json").body("type", endsWith("/validation-run-not-found"));
        }
        String last = runId;
        for (String allowed : new String[]{irene, admin}) {
            as(allowed).get("/api/v1/validations/" + runId).then().statusCode(200).body("learner", equalTo("alice"));
            String previous = last;
            Await.until(Duration.ofSeconds(30), () -> stateOfRun(alice, previous), "ERROR"::equals, "the run to end");
            last = as(allowed).post("/api/v1/sandboxes/" + sandbox + "/validations").then().statusCode(202)
                    .extract().path("id");
        }
        assertThat(last).as("a run of the instructor's and admin's own, once alice's ended").isNotEqualTo(runId);
        anonymous().get("/api/v1/validations/" + runId).then().statusCode(401);
        as(irene).queryParam("sandbox", sandbox).get("/api/v1/audit").then().statusCode(200)
                .body("items.action", org.hamcrest.Matchers.everyItem(equalTo("SANDBOX_VALIDATED")))
                .body("items.actor", org.hamcrest.Matchers.hasItem("irene"))
                .body("items.actor", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem("alice")));
        as(alice).get("/api/v1/validations/vr-nosuchrun").then().statusCode(404);
    }

    @Test
    void progressShowsEachLearnersBestRunToThoseWhoMaySeeIt() {
        String tenant = freshTenant("prog");
        String alice = Tokens.learner(tenant, "alice");
        String bob = Tokens.learner(tenant, "bob");
        String aliceSandbox = readySandbox(alice);
        String bobSandbox = readySandbox(bob);
        Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String aliceBest = completedRun(aliceSandbox, tenant, "alice", 4, t.minusSeconds(30));
        completedRun(aliceSandbox, tenant, "alice", 2, t.minusSeconds(10));
        completedRun(bobSandbox, tenant, "bob", 1, t.minusSeconds(20));

        as(Tokens.instructor(tenant, "irene")).get("/api/v1/progress").then().statusCode(200)
                .body("learner", equalTo(List.of("alice", "bob")))
                .body("bestPassed", equalTo(List.of(4, 1)))
                .body("completed", equalTo(List.of(true, false)))
                .body("runs", equalTo(List.of(2, 1)))
                .body("[0].bestRunId", equalTo(aliceBest))
                .body("[0].total", equalTo(4))
                .body("[0].learnerName", equalTo("alice"))
                .body("[0].labId", equalTo(LAB));
        as(Tokens.instructor(tenant, "irene")).queryParam("size", 1).get("/api/v1/progress").then().statusCode(200)
                .header("X-Total-Count", "2")
                .header("Link", allOf(containsString("page=1"), containsString("rel=\"next\"")))
                .body("learner", equalTo(List.of("alice")));
        as(Tokens.instructor(tenant, "irene")).queryParam("size", 1).queryParam("page", 1).get("/api/v1/progress")
                .then().statusCode(200)
                .header("X-Total-Count", "2")
                .header("Link", org.hamcrest.Matchers.nullValue())
                .body("learner", equalTo(List.of("bob")))
                .body("[0].runs", equalTo(1));
        as(Tokens.instructor(tenant, "irene")).queryParam("size", 501).get("/api/v1/progress").then().statusCode(400);
        as(alice).get("/api/v1/progress").then().body("learner", equalTo(List.of("alice")));
        as(alice).queryParam("learner", "bob").get("/api/v1/progress").then().body("$", hasSize(0));
        as(Tokens.instructor(freshTenant("else"), "ivy")).get("/api/v1/progress").then().body("$", hasSize(0));
        as(Tokens.admin("root")).queryParam("tenant", tenant).get("/api/v1/progress").then()
                .body("learner", equalTo(List.of("alice", "bob")));
        as(Tokens.admin("root")).queryParam("tenant", tenant).queryParam("labId", "p9-nothing").get("/api/v1/progress")
                .then().body("$", hasSize(0));
    }

    private String completedRun(String sandboxId, String tenant, String learner, int passed, Instant finishedAt) {
        return QuarkusTransaction.requiringNew().call(() -> {
            ValidationRun run = run(sandboxId, tenant, learner, ValidationRun.State.COMPLETED, "elsewhere", finishedAt);
            run.total = 4;
            run.passed = passed;
            run.failed = 4 - passed;
            run.finishedAt = finishedAt;
            for (int i = 0; i < 4; i++) {
                CheckResult result = new CheckResult();
                result.id = ids.next("cr");
                result.run = run;
                result.position = i;
                result.checkId = "check-" + i;
                result.status = i < passed ? CheckStatus.PASSED : CheckStatus.FAILED;
                result.messageFr = "message";
                result.durationMs = 1;
                run.results.add(result);
            }
            run.persist();
            return run.id;
        });
    }

    private ValidationRun run(String sandboxId, String tenant, String learner, ValidationRun.State state, String claimedBy,
                              Instant startedAt) {
        ValidationRun run = new ValidationRun();
        run.id = ids.next("vr");
        run.sandboxId = sandboxId;
        run.tenantId = tenant;
        run.learnerId = learner;
        run.labId = LAB;
        run.state = state;
        run.claimedBy = claimedBy;
        run.createdAt = startedAt;
        run.startedAt = startedAt;
        run.total = 4;
        return run;
    }

    @Test
    void aRestartLeavesNoRunRunning() {
        String tenant = freshTenant("restart");
        String alice = Tokens.learner(tenant, "alice");
        String sandbox = readySandbox(alice);
        Instant restartedAt = Instant.now();
        String interrupted = persisted(run(sandbox, tenant, "alice", ValidationRun.State.RUNNING, workers.replica(),
                restartedAt.minusSeconds(20)));
        String abandonedElsewhere = persisted(run(sandbox, tenant, "alice", ValidationRun.State.RUNNING, "replica-gone",
                restartedAt.minus(Duration.ofMinutes(30))));
        String aliveElsewhere = persisted(run(sandbox, tenant, "alice", ValidationRun.State.RUNNING, "replica-busy",
                restartedAt.minusSeconds(5)));

        int ended = recovery.recoverAtStartup(workers.replica(), restartedAt);

        assertThat(ended).as("the interrupted run, which only the start-up recovery ends (the periodic sweep may "
                + "have ended the abandoned one first)").isGreaterThanOrEqualTo(1);
        as(alice).get("/api/v1/validations/" + interrupted).then().body("state", equalTo("ERROR"))
                .body("error", containsString("interrompue par un redémarrage du service"));
        as(alice).header("Accept-Language", "en").get("/api/v1/validations/" + abandonedElsewhere).then()
                .body("state", equalTo("ERROR")).body("error", containsString("did not finish in time"));
        as(alice).get("/api/v1/validations/" + aliveElsewhere).then()
                .body("state", equalTo("RUNNING"));
        QuarkusTransaction.requiringNew().run(() -> ValidationRun.update("state = ?1 where id = ?2",
                ValidationRun.State.ERROR, aliveElsewhere));
    }

    @Test
    void workersTakenWhenTheDatabaseFailedAreGivenBack() {
        String alice = Tokens.learner(freshTenant("dberr"), "alice");
        String sandbox = readySandbox(alice);
        for (int i = 0; i < 12; i++) {
            String unstorable = "vr-\u0000" + i;
            try {
                workers.offer(unstorable);
            } catch (RuntimeException e) {
                // the database refused the id: the worker it took must still come back
            }
        }

        String runId = as(alice).post("/api/v1/sandboxes/" + sandbox + "/validations").then().statusCode(202)
                .extract().path("id");
        Await.until(Duration.ofSeconds(30), () -> stateOfRun(alice, runId), "ERROR"::equals,
                "the run to be worked on (and end ERROR: the fake backend has no daemon)");
    }

    private static String persisted(ValidationRun run) {
        QuarkusTransaction.requiringNew().run(run::persist);
        return run.id;
    }
}
