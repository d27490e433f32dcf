package io.labfleet.lifecycle;

import io.labfleet.gateway.Learners;
import io.labfleet.gateway.SshGateway;
import io.labfleet.provisioner.SandboxLabels;
import io.labfleet.sandbox.Sandbox;
import io.labfleet.sandbox.SandboxPool;
import io.labfleet.sandbox.SandboxState;
import io.labfleet.support.ApiTest;
import io.labfleet.support.Await;
import io.labfleet.support.DockerBackendProfile;
import io.labfleet.support.DockerSandboxes;
import io.labfleet.support.HostDocker;
import io.labfleet.support.LearnerTerminal;
import io.labfleet.support.Processes;
import io.labfleet.support.TestClock;
import io.labfleet.support.Tokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.transaction.UserTransaction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Warm pools on the real Docker engine, with real rootless sandboxes: the refiller runs every second
 * ({@link DockerBackendProfile}) within a global cap of 3 ({@code %test.labfleet.pool.max-total}), and what a
 * learner would notice is checked through the API, their docker CLI over the SSH gateway, and the host engine.
 */
@QuarkusTest
@TestProfile(DockerBackendProfile.class)
class WarmPoolIT extends ApiTest {

    static final String LAB = "p3-container-lifecycle";
    /** A lab whose setup starts a container: its starting state must be in a pooled sandbox before it is handed over. */
    static final String SETUP_LAB = "p10-port-conflict";
    static final String ADMIN = Tokens.admin("root");
    static final Duration TEARDOWN = Duration.ofSeconds(90);
    static final String SOLUTION = Path.of("labs", SETUP_LAB, "solution.sh").toAbsolutePath().toString();

    @Inject
    Scheduler scheduler;
    @Inject
    TestClock clock;
    @Inject
    WarmPoolRefiller refiller;
    @Inject
    SandboxPool pool;
    @Inject
    SshGateway gateway;
    @Inject
    UserTransaction transaction;

    @BeforeEach
    @AfterEach
    void noPools() {
        clock.reset();
        scheduler.resume(WarmPoolRefiller.JOB);
        for (String lab : List.of(LAB, SETUP_LAB)) {
            as(ADMIN).delete("/api/v1/pools/" + lab).then().statusCode(200);
        }
        Await.until(TEARDOWN, () -> pooled(SandboxState.ACTIVE), List::isEmpty, "every pooled sandbox to be gone");
    }

    private static List<String> pooled(Set<SandboxState> states) {
        return QuarkusTransaction.requiringNew().call(() -> Sandbox.<Sandbox>list(
                "learnerId is null and backend = 'docker' and state in ?1", states).stream().map(s -> s.id).toList());
    }

    private static void resize(String lab, int size) {
        as(ADMIN).body("{\"size\":" + size + "}").put("/api/v1/pools/" + lab).then().statusCode(200);
    }

    private static void awaitReady(String lab, int ready) {
        Await.until(DockerSandboxes.READY_TIMEOUT.multipliedBy(2), () -> as(ADMIN).get("/api/v1/pools/" + lab).then()
                .statusCode(200).extract().<Integer>path("ready"), n -> n == ready, lab + "'s pool to hold " + ready);
    }

    private static ExtractableResponse<Response> create(String token, String lab) {
        return as(token).body("{\"labId\":\"" + lab + "\"}").post("/api/v1/sandboxes").then().extract();
    }

    private static Map<String, String> checks(String token, String sandboxId) {
        String run = as(token).post("/api/v1/sandboxes/" + sandboxId + "/validations").then().statusCode(202)
                .extract().path("id");
        Await.until(Duration.ofMinutes(3), () -> as(token).get("/api/v1/validations/" + run).then().extract()
                .<String>path("state"), state -> state.equals("COMPLETED") || state.equals("ERROR"), run + " to end");
        List<Map<String, Object>> results = as(token).get("/api/v1/validations/" + run).then()
                .body("state", org.hamcrest.Matchers.equalTo("COMPLETED")).extract().path("results");
        return results.stream().collect(Collectors.toMap(r -> (String) r.get("checkId"), r -> (String) r.get("status")));
    }

    /**
     * A learner is handed a READY sandbox at once, with the lab's images and starting state in it, and uses it as
     * a cold one: docker over the SSH gateway, the same check results as a cold sandbox of the lab. Before it is
     * claimed nobody, not even with a registered key, gets into it.
     */
    @Test
    void aClaimedSandboxIsTheLearnersAndIndistinguishableFromAColdOne() {
        String tenant = freshTenant("warm");
        String alice = Tokens.learner(tenant, "alice");
        String bob = Tokens.learner(tenant, "bob");
        Path aliceKey = Learners.registeredKey(alice, "laptop");
        resize(SETUP_LAB, 1);
        awaitReady(SETUP_LAB, 1);
        String waiting = pooled(Set.of(SandboxState.READY)).get(0);

        // Attack: a learner with a registered key tries the pooled sandbox's id as an SSH user. The same command
        // works once the sandbox is hers (below).
        Processes.Result refused = sshWithKey(aliceKey, waiting, "docker ps --format '{{.Names}}'");
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.stdout()).isEmpty();
        String container = HostDocker.objectsLabelled(SandboxLabels.SANDBOX, waiting).stream()
                .filter(object -> object.startsWith("container ")).findFirst().orElseThrow();
        assertThat(HostDocker.labelsOf(container)).as("its runtime was made for the pool, owned by nobody")
                .containsEntry(SandboxLabels.POOL, SETUP_LAB).doesNotContainKey(SandboxLabels.LEARNER);

        var created = create(alice, SETUP_LAB);
        assertThat(created.statusCode()).isEqualTo(202);
        assertThat(created.<String>path("state")).as("handed over READY at once").isEqualTo("READY");
        String warm = created.path("id");
        assertThat(warm).isEqualTo(waiting);
        assertThat(created.<String>path("learner")).isEqualTo("alice");

        assertThat(sshWithKey(aliceKey, warm, "docker ps --format '{{.Names}}'").assertSuccess().stdout())
                .contains("ancien-site");
        try (LearnerTerminal terminal = Learners.terminal(alice, warm, aliceKey)) {
            terminal.shell(as(alice).get("/api/v1/sandboxes/" + warm + "/context").then().extract()
                    .<String>path("createCommand")).assertSuccess();
            assertThat(terminal.docker("--context", warm, "ps", "--format", "{{.Names}}").assertSuccess().stdout())
                    .as("the lab's starting state").contains("ancien-site");
            assertThat(terminal.docker("--context", warm, "images", "--format", "{{.Repository}}").assertSuccess()
                    .stdout()).as("the lab's images").contains("nginx", "busybox");
            // The lab's reference solution, by the learner's docker CLI through the gateway.
            terminal.run(List.of("sh", "-c", "DOCKER_CONTEXT=" + warm + " sh " + SOLUTION)).assertSuccess();
        }

        // The same sandbox of the same lab started cold: the checks say the same of both.
        resize(SETUP_LAB, 0);
        Await.until(TEARDOWN, () -> pooled(SandboxState.ACTIVE), List::isEmpty, "the pool to be drained");
        String cold = DockerSandboxes.createReady(bob, SETUP_LAB, null);
        var solved = HostDocker.execute(List.of("sh", SOLUTION),
                Map.of("DOCKER_HOST", DockerSandboxes.daemonEndpoint(cold)), null);
        assertThat(solved.exitCode()).as(solved.toString()).isZero();
        Map<String, String> warmChecks = checks(alice, warm);
        assertThat(warmChecks).hasSize(3).containsOnly(Map.entry("old-site-retired", "PASSED"),
                Map.entry("new-site-on-8080", "PASSED"), Map.entry("port-serves-new-site", "PASSED"));
        assertThat(checks(bob, cold)).isEqualTo(warmChecks);

        as(alice).delete("/api/v1/sandboxes/" + warm).then().statusCode(202);
        as(bob).delete("/api/v1/sandboxes/" + cold).then().statusCode(202);
        DockerSandboxes.awaitState(alice, warm, Set.of("TERMINATED"), TEARDOWN);
        DockerSandboxes.awaitState(bob, cold, Set.of("TERMINATED"), TEARDOWN);
        assertThat(HostDocker.objectsLabelled(SandboxLabels.SANDBOX, warm)).as("nothing of it is left").isEmpty();
    }

    private Processes.Result sshWithKey(Path key, String sandboxId, String command) {
        try (LearnerTerminal terminal = LearnerTerminal.withKey(key)) {
            return terminal.ssh("-i", terminal.home().resolve(".ssh/id_ed25519").toString(),
                    "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes",
                    "-p", String.valueOf(gateway.boundPort()), sandboxId + "@localhost", command);
        }
    }

    /**
     * Eight learners of four tenants (one sandbox each) create at once against a pool of two: two are handed the
     * pooled ones, two more start cold, four are refused by their tenant's quota, no sandbox is anyone's twice.
     * Then the refiller brings the pool back to two, with new sandboxes.
     */
    @Test
    void concurrentCreatesNeverShareASandboxAndThePoolIsRefilled() throws Exception {
        resize(LAB, 2);
        awaitReady(LAB, 2);
        scheduler.pause(WarmPoolRefiller.JOB);
        List<String> warm = pooled(Set.of(SandboxState.READY));
        List<String> learners = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            String tenant = freshTenant("rush" + t);
            tenantWithQuotas(tenant, 1, 1, 240);
            learners.add(Tokens.learner(tenant, "a"));
            learners.add(Tokens.learner(tenant, "b"));
        }
        CyclicBarrier start = new CyclicBarrier(learners.size());
        List<CompletableFuture<ExtractableResponse<Response>>> creates = learners.stream()
                .map(token -> CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await(30, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return create(token, LAB);
                })).toList();
        Map<String, String> owners = new java.util.HashMap<>();
        List<String> handedReady = new ArrayList<>();
        int refused = 0;
        for (int i = 0; i < learners.size(); i++) {
            var answer = creates.get(i).get(2, TimeUnit.MINUTES);
            if (answer.statusCode() == 429) {
                refused++;
                continue;
            }
            assertThat(answer.statusCode()).isEqualTo(202);
            assertThat(owners.put(answer.path("id"), learners.get(i))).as("a sandbox given twice").isNull();
            if ("READY".equals(answer.path("state"))) {
                handedReady.add(answer.path("id"));
            }
        }

        assertThat(refused).isEqualTo(4);
        assertThat(owners).hasSize(4);
        assertThat(handedReady).containsExactlyInAnyOrderElementsOf(warm);
        owners.forEach((id, token) -> DockerSandboxes.awaitState(token, id, Set.of("READY"), DockerSandboxes.READY_TIMEOUT));
        owners.forEach((id, token) -> assertThat(QuarkusTransaction.requiringNew().call(
                () -> Sandbox.<Sandbox>findById(id).learnerId)).isIn("a", "b"));

        scheduler.resume(WarmPoolRefiller.JOB);
        awaitReady(LAB, 2);
        assertThat(pooled(Set.of(SandboxState.READY))).doesNotContainAnyElementsOf(warm).hasSize(2);
        owners.forEach((id, token) -> as(token).delete("/api/v1/sandboxes/" + id).then().statusCode(202));
        owners.forEach((id, token) -> DockerSandboxes.awaitState(token, id, Set.of("TERMINATED"), TEARDOWN));
    }

    /**
     * Two replicas' creates, each in its own transaction holding its claim until the other holds one too: they
     * lock two different sandboxes, and each learner gets the one their replica handed over.
     */
    @Test
    void twoReplicasClaimingAtOnceHandOverTwoDifferentSandboxes() throws Exception {
        resize(LAB, 2);
        awaitReady(LAB, 2);
        scheduler.pause(WarmPoolRefiller.JOB);
        String tenant = freshTenant("replicas");
        tenantWithQuotas(tenant, 10, 1, 240);
        CyclicBarrier bothHold = new CyclicBarrier(2);
        var first = CompletableFuture.supplyAsync(() -> claimAndHandOver(tenant, "one", bothHold));
        var second = CompletableFuture.supplyAsync(() -> claimAndHandOver(tenant, "two", bothHold));
        String one = first.get(1, TimeUnit.MINUTES);
        String two = second.get(1, TimeUnit.MINUTES);

        assertThat(new HashSet<>(List.of(one, two))).hasSize(2);
        String learnerOne = Tokens.learner(tenant, "one");
        String learnerTwo = Tokens.learner(tenant, "two");
        as(learnerOne).get("/api/v1/sandboxes/" + one).then().statusCode(200)
                .body("state", org.hamcrest.Matchers.equalTo("READY"));
        as(learnerOne).get("/api/v1/sandboxes/" + two).then().spec(problem(404, "sandbox-not-found"));
        as(learnerTwo).get("/api/v1/sandboxes/" + two).then().statusCode(200);
        assertThat(HostDocker.run("-H", DockerSandboxes.daemonEndpoint(one), "info", "--format", "{{.Name}}").strip())
                .isEqualTo(one);
        as(learnerOne).delete("/api/v1/sandboxes/" + one).then().statusCode(202);
        as(learnerTwo).delete("/api/v1/sandboxes/" + two).then().statusCode(202);
        DockerSandboxes.awaitState(learnerOne, one, Set.of("TERMINATED"), TEARDOWN);
        DockerSandboxes.awaitState(learnerTwo, two, Set.of("TERMINATED"), TEARDOWN);
    }

    private String claimAndHandOver(String tenant, String learner, CyclicBarrier bothHold) {
        try {
            transaction.begin();
            Sandbox claimed = pool.claim(LAB, clock.instant()).orElseThrow();
            bothHold.await(30, TimeUnit.SECONDS);
            claimed.handOver(tenant, learner, learner, clock.instant(), clock.instant().plus(Duration.ofHours(1)));
            transaction.commit();
            return claimed.id;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A pooled sandbox nobody claims leaves the pool when its expiry warning starts (maximum age 30 min less 5),
     * a new one replaces it, and it is torn down at its maximum age with nothing left on the engine.
     */
    @Test
    void aPooledSandboxIsReplacedAndTornDownAtItsMaximumAge() {
        resize(LAB, 1);
        awaitReady(LAB, 1);
        String old = pooled(Set.of(SandboxState.READY)).get(0);

        clock.advance(Duration.ofMinutes(26));
        Await.until(DockerSandboxes.READY_TIMEOUT.multipliedBy(2), () -> pooled(Set.of(SandboxState.READY)),
                ready -> ready.size() == 1 && !ready.contains(old), "a replacement of " + old);
        assertThat(pooled(Set.of(SandboxState.EXPIRING))).containsExactly(old);

        clock.advance(Duration.ofMinutes(5));
        Await.until(TEARDOWN, () -> QuarkusTransaction.requiringNew().call(() -> Sandbox.<Sandbox>findById(old).state),
                SandboxState.TERMINATED::equals, old + " to be TERMINATED");
        assertThat(HostDocker.objectsLabelled(SandboxLabels.SANDBOX, old)).as("nothing of it is left").isEmpty();
    }

    /** Pools of 2 and 2 under a global cap of 3: three pooled sandboxes, one of each lab at least, and no more. */
    @Test
    void poolsStayWithinTheGlobalCap() {
        resize(LAB, 2);
        resize(SETUP_LAB, 2);
        Await.until(DockerSandboxes.READY_TIMEOUT.multipliedBy(3), () -> pooled(Set.of(SandboxState.READY)),
                ready -> ready.size() == 3, "three READY pooled sandboxes");
        scheduler.pause(WarmPoolRefiller.JOB);

        assertThat(refiller.refill().started()).isEmpty();
        assertThat(pooled(SandboxState.ACTIVE)).hasSize(3);
        assertThat(IntStream.of(readyOf(LAB), readyOf(SETUP_LAB))).allMatch(n -> n >= 1);
    }

    private static int readyOf(String lab) {
        return as(ADMIN).get("/api/v1/pools/" + lab).then().extract().path("ready");
    }
}
