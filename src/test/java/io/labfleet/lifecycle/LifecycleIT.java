package io.labfleet.lifecycle;

import io.labfleet.provisioner.SandboxLabels;
import io.labfleet.provisioner.docker.DockerSandboxModel;
import io.labfleet.sandbox.Replica;
import io.labfleet.sandbox.Sandbox;
import io.labfleet.sandbox.SandboxClaims;
import io.labfleet.sandbox.SandboxCondition;
import io.labfleet.sandbox.SandboxEvent;
import io.labfleet.sandbox.SandboxEvents;
import io.labfleet.sandbox.SandboxState;
import io.labfleet.support.ApiTest;
import io.labfleet.support.Await;
import io.labfleet.support.DockerBackendProfile;
import io.labfleet.support.DockerInstallation;
import io.labfleet.support.DockerSandboxes;
import io.labfleet.support.HostDocker;
import io.labfleet.support.TestClock;
import io.labfleet.support.Tokens;
import io.labfleet.tenant.TenantService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reaper and the reconciler on the real Docker engine: time moves with the test clock, the periodic
 * passes run every second or two ({@link DockerBackendProfile}), and what a person would notice is checked
 * through the API and on the host engine.
 */
@Tag("engine")
@QuarkusTest
@TestProfile(DockerBackendProfile.class)
class LifecycleIT extends ApiTest {

    static final String LAB = "p3-container-lifecycle";
    static final Duration TEARDOWN = Duration.ofSeconds(60);

    @Inject
    TestClock clock;
    @Inject
    Scheduler scheduler;
    @Inject
    LifecycleStartup startup;
    @Inject
    SandboxClaims claims;
    @Inject
    LifecycleLeases leases;
    @Inject
    TenantService tenants;
    @Inject
    SandboxEvents events;
    @Inject
    Replica replica;

    @AfterEach
    void putTimeAndTheSchedulerBack() {
        clock.reset();
        scheduler.resume(ExpiryReaper.JOB);
        scheduler.resume(Reconciler.JOB);
    }

    /**
     * Takes the reconciler lease for a test: this replica's periodic pass is paused, and whoever holds the lease
     * (a pass of this replica, or of a run killed mid-pass in the same database) gives it back or lets it lapse.
     */
    private void takeReconcilerLease(String holder, Duration duration) {
        scheduler.pause(Reconciler.JOB);
        Await.until(Reconciler.LEASE_DURATION.plusSeconds(30), () -> leases.tryAcquire(Reconciler.LEASE, holder, duration),
                Boolean::booleanValue, "the reconciler lease");
    }

    @Test
    void aSandboxIsWarnedBeforeItExpiresThenTornDownWhenItDoes() {
        String alice = Tokens.learner(freshTenant("expiry"), "alice");
        String id = DockerSandboxes.createReady(alice, LAB, 1);

        // A one-minute sandbox is within the five-minute warning window at once.
        DockerSandboxes.awaitState(alice, id, Set.of("EXPIRING"), Duration.ofSeconds(10));
        assertThat(DockerSandboxes.reasonOf(alice, id)).startsWith("Expires at ").endsWith("; extend it to keep working.");
        assertThat(HostDocker.objectsLabelled(SandboxLabels.SANDBOX, id)).hasSize(3);

        clock.advance(Duration.ofMinutes(2));

        DockerSandboxes.awaitState(alice, id, Set.of("TERMINATED"), TEARDOWN);
        assertThat(HostDocker.objectsLabelled(SandboxLabels.SANDBOX, id)).isEmpty();
    }

    @Test
    void theStartUpPassTearsDownWhatExpiredWhileTheServiceWasDown() {
        String alice = Tokens.learner(freshTenant("restart"), "alice");
        scheduler.pause(ExpiryReaper.JOB);
        String id = DockerSandboxes.createReady(alice, LAB, 1);
        clock.advance(Duration.ofMinutes(2));
        sleep(Duration.ofSeconds(2));
        assertThat(DockerSandboxes.stateOf(alice, id)).as("no periodic pass ran").isEqualTo("READY");
        List<SandboxEvent> seen = Collections.synchronizedList(new ArrayList<>());
        Runnable unsubscribe = events.subscribe(id, seen::add);
        try {
            startup.catchUp();

            // Its teardown may already be over by now: the state it was put in is read from its events.
            assertThat(DockerSandboxes.stateOf(alice, id)).isIn("TERMINATING", "TERMINATED");
            DockerSandboxes.awaitState(alice, id, Set.of("TERMINATED"), TEARDOWN);
        } finally {
            unsubscribe.run();
        }
        assertThat(seen).filteredOn(event -> event.state() == SandboxState.TERMINATING).singleElement()
                .extracting(SandboxEvent::reason).asString().startsWith("Expired at ");
        assertThat(HostDocker.objectsLabelled(SandboxLabels.SANDBOX, id)).isEmpty();
    }

    @Test
    void aSandboxNobodyUsedForTheIdleTimeoutIsTornDown() {
        String alice = Tokens.learner(freshTenant("idle"), "alice");
        String id = DockerSandboxes.createReady(alice, LAB, null);
        List<SandboxEvent> seen = Collections.synchronizedList(new ArrayList<>());
        Runnable unsubscribe = events.subscribe(id, seen::add);
        try {
            clock.advance(Duration.ofMinutes(31));

            DockerSandboxes.awaitState(alice, id, Set.of("TERMINATED"), TEARDOWN);
        } finally {
            unsubscribe.run();
        }
        assertThat(seen).filteredOn(event -> event.state() == SandboxState.TERMINATING).singleElement()
                .extracting(SandboxEvent::reason).asString().startsWith("Idle for 30 min: no SSH or Docker activity since ");
        assertThat(HostDocker.objectsLabelled(SandboxLabels.SANDBOX, id)).isEmpty();
    }

    @Test
    void workACrashLeftHalfDoneIsPickedUpAgain() {
        String tenant = freshTenant("crash");
        String alice = Tokens.learner(tenant, "alice");
        Instant longAgo = clock.instant().minus(Duration.ofMinutes(10));
        Instant inAnHour = clock.instant().plus(Duration.ofHours(1));

        // Requested, but the replica that was to provision it died first.
        String requested = insertRow(tenant, "alice", SandboxState.REQUESTED, longAgo, inAnHour);
        // Torn down halfway: marked TERMINATING, its runtime still there.
        String tearingDown = DockerSandboxes.createReady(alice, LAB, null);
        QuarkusTransaction.requiringNew().run(() -> Sandbox.update("state = ?1, updatedAt = ?2 where id = ?3",
                SandboxState.TERMINATING, longAgo, tearingDown));
        // Provisioning since long ago, with a network made before the replica died.
        String stuck = insertRow(tenant, "alice", SandboxState.PROVISIONING, longAgo, inAnHour);
        HostDocker.run(concat(new String[]{"network", "create", "--internal"}, labels(DockerInstallation.id(), stuck),
                DockerSandboxModel.name(DockerInstallation.id(), stuck)));

        DockerSandboxes.awaitState(alice, requested, Set.of("READY", "EXPIRING"), DockerSandboxes.READY_TIMEOUT);
        DockerSandboxes.awaitState(alice, tearingDown, Set.of("TERMINATED"), TEARDOWN);
        assertThat(HostDocker.objectsLabelled(SandboxLabels.SANDBOX, tearingDown)).isEmpty();
        DockerSandboxes.awaitState(alice, stuck, Set.of("FAILED"), TEARDOWN);
        assertThat(DockerSandboxes.reasonOf(alice, stuck))
                .isEqualTo("Provisioning did not finish within 3 min (labfleet.sandbox.provisioning-timeout);"
                        + " whatever it created is being removed.");
        Await.until(TEARDOWN, () -> HostDocker.objectsLabelled(SandboxLabels.SANDBOX, stuck), List::isEmpty,
                "the stuck sandbox's network to be removed");

        as(alice).delete("/api/v1/sandboxes/" + requested).then().statusCode(202);
        DockerSandboxes.awaitState(alice, requested, Set.of("TERMINATED"), TEARDOWN);
    }

    /**
     * A replica killed (kill -9) in the middle of its work leaves claims that have not lapsed yet: when it starts
     * again, its start-up pass takes them over at once, as it does with the lapsed claims of a replica that died
     * for good, and leaves alone what a live replica holds. The interrupted provisioning ends READY, the
     * interrupted teardown TERMINATED with nothing left on the engine.
     */
    @Test
    void aRestartedReplicaTakesOverAtOnceWhatItWasDoingWhenItWasKilled() {
        scheduler.pause(ExpiryReaper.JOB);
        String tenant = freshTenant("killed");
        String alice = Tokens.learner(tenant, "alice");
        Instant now = clock.instant();
        Instant inAnHour = now.plus(Duration.ofHours(1));
        String previousLife = replica.claimPrefix() + "killed00";

        // Killed while provisioning: its network and volume were made, its claim still runs.
        String provisioning = insertRow(tenant, "alice", SandboxState.PROVISIONING, now, inAnHour);
        claim(provisioning, previousLife, inAnHour);
        String name = DockerSandboxModel.name(DockerInstallation.id(), provisioning);
        HostDocker.run(concat(new String[]{"network", "create", "--internal"}, labels(DockerInstallation.id(), provisioning),
                name));
        HostDocker.run(concat(new String[]{"volume", "create"}, labels(DockerInstallation.id(), provisioning), name));
        // Killed while tearing a sandbox down: its runtime is all still there.
        String tearingDown = DockerSandboxes.createReady(alice, LAB, null);
        QuarkusTransaction.requiringNew().run(() -> Sandbox.update("state = ?1, updatedAt = ?2 where id = ?3",
                SandboxState.TERMINATING, now, tearingDown));
        claim(tearingDown, previousLife, inAnHour);
        // Requested, and claimed by another replica that died: its claim lapsed a second ago.
        String requested = insertRow(tenant, "alice", SandboxState.REQUESTED, now, inAnHour);
        claim(requested, "replica-b#dead0000", now.minusSeconds(1));
        // Provisioning on another replica that lives: its claim runs.
        String elsewhere = insertRow(tenant, "alice", SandboxState.PROVISIONING, now, inAnHour);
        claim(elsewhere, "replica-c#alive000", inAnHour);

        startup.catchUp();

        assertThat(Map.of(provisioning, previousLife, tearingDown, previousLife, requested, "replica-b#dead0000"))
                .as("taken over by the start-up pass itself (this replica claims them, or has already given them back)")
                .allSatisfy((id, leftBy) -> assertThat(claimOf(id)).isNotEqualTo(leftBy));
        assertThat(claimOf(elsewhere)).as("a live replica's work").isEqualTo("replica-c#alive000");
        DockerSandboxes.awaitState(alice, provisioning, Set.of("READY", "EXPIRING"), DockerSandboxes.READY_TIMEOUT);
        DockerSandboxes.awaitState(alice, tearingDown, Set.of("TERMINATED"), TEARDOWN);
        assertThat(HostDocker.objectsLabelled(SandboxLabels.SANDBOX, tearingDown)).isEmpty();
        DockerSandboxes.awaitState(alice, requested, Set.of("READY", "EXPIRING"), DockerSandboxes.READY_TIMEOUT);
        assertThat(DockerSandboxes.stateOf(alice, elsewhere)).isEqualTo("PROVISIONING");
        for (String id : List.of(provisioning, requested)) { // the work goes on past READY: the lab's images
            Await.until(TEARDOWN, () -> claimOf(id), java.util.Objects::isNull,
                    "the claim on " + id + " given back once the work is done");
        }

        QuarkusTransaction.requiringNew().run(() -> Sandbox.update("state = ?1, claimedBy = null where id = ?2",
                SandboxState.FAILED, elsewhere));
        for (String id : List.of(provisioning, requested)) {
            as(alice).delete("/api/v1/sandboxes/" + id).then().statusCode(202);
            DockerSandboxes.awaitState(alice, id, Set.of("TERMINATED"), TEARDOWN);
            assertThat(HostDocker.objectsLabelled(SandboxLabels.SANDBOX, id)).isEmpty();
        }
    }

    private static void claim(String sandboxId, String claimedBy, Instant until) {
        QuarkusTransaction.requiringNew().run(() -> Sandbox.update("claimedBy = ?1, claimedUntil = ?2 where id = ?3",
                claimedBy, until, sandboxId));
    }

    private static String claimOf(String sandboxId) {
        return QuarkusTransaction.requiringNew().call(() -> Sandbox.<Sandbox>findById(sandboxId).claimedBy);
    }

    @Test
    void leftoversOfThisInstallationAreRemovedAndAnotherInstallationsAreNot() {
        String orphan = "sb-orphan" + UUID.randomUUID().toString().substring(0, 8);
        String ours = DockerSandboxModel.name(DockerInstallation.id(), orphan);
        String theirs = DockerSandboxModel.name("elsewhere-" + DockerInstallation.id(), orphan);
        try {
            String[] ourLabels = labels(DockerInstallation.id(), orphan);
            HostDocker.run(concat(new String[]{"network", "create", "--internal"}, ourLabels, ours));
            HostDocker.run(concat(new String[]{"volume", "create"}, ourLabels, ours + "-docker"));
            HostDocker.run(concat(new String[]{"create", "--name", ours, "--network", ours}, ourLabels,
                    "busybox:latest", "sleep", "300"));
            HostDocker.run(concat(new String[]{"create", "--name", theirs, "--network", "none"},
                    labels("elsewhere-" + DockerInstallation.id(), orphan), "busybox:latest", "sleep", "300"));

            Await.until(Duration.ofSeconds(30), () -> HostDocker.objectsLabelled(
                            DockerSandboxModel.selector(DockerInstallation.id(), orphan)), List::isEmpty,
                    "the reconciler to remove the orphan's container, network and volume");

            assertThat(HostDocker.run("ps", "-a", "--filter", "name=" + theirs, "--format", "{{.Names}}"))
                    .as("another installation's object with the same sandbox id").isEqualTo(theirs);
        } finally {
            HostDocker.attempt("rm", "-f", theirs);
        }
    }

    @Test
    void aSandboxWhoseContainerVanishedBecomesFailedWithAReason() {
        String alice = Tokens.learner(freshTenant("vanish"), "alice");
        String removed = DockerSandboxes.createReady(alice, LAB, null);

        HostDocker.run("rm", "-f", DockerSandboxModel.name(DockerInstallation.id(), removed));

        DockerSandboxes.awaitState(alice, removed, Set.of("FAILED"), Duration.ofSeconds(30));
        assertThat(DockerSandboxes.reasonOf(alice, removed)).contains("removed outside Labfleet").contains("Create a new sandbox");
        Await.until(TEARDOWN, () -> HostDocker.objectsLabelled(SandboxLabels.SANDBOX, removed), List::isEmpty,
                "the remains of " + removed + " to be removed");
    }

    /**
     * What an engine restart does to a sandbox, one container at a time instead of restarting the engine that other
     * suites share: its container stops (as when the engine shuts down) and, once started again, must hold the
     * learner's containers and volumes; a container killed without being stopped (as when the engine's process dies)
     * is started again by the engine itself.
     */
    @Test
    void aSandboxWhoseEngineStoppedComesBackWithTheLearnersWork() {
        // Other tests move the clock on: the idle timeout must not end this sandbox while it is being restarted.
        scheduler.pause(ExpiryReaper.JOB);
        String alice = Tokens.learner(freshTenant("engine-restart"), "alice");
        String id = DockerSandboxes.createReady(alice, LAB, null);
        String container = DockerSandboxModel.name(DockerInstallation.id(), id);
        String daemon = DockerSandboxes.daemonEndpoint(id);
        HostDocker.run("-H", daemon, "volume", "create", "work");
        HostDocker.run("-H", daemon, "run", "--name", "kept", "-v", "work:/data", "--entrypoint", "sh", "nginx:latest",
                "-c", "echo mine > /data/file");

        HostDocker.run("stop", "-t", "10", container);

        Await.until(Duration.ofSeconds(60), () -> DockerSandboxes.reasonOf(alice, id),
                reason -> reason.startsWith("Its Docker engine was restarted"), "the reconciler to start " + id + " again");
        assertThat(DockerSandboxes.stateOf(alice, id)).isEqualTo("READY");
        assertLearnersWorkIsIn(id);

        String pid = HostDocker.run("inspect", "--format", "{{.State.Pid}}", container);
        assertThat(HostDocker.execute(List.of("kill", "-KILL", pid), Map.of(), null).succeeded()).isTrue();

        Await.until(Duration.ofSeconds(60), () -> HostDocker.run("inspect", "--format",
                        "{{.RestartCount}} {{.State.Running}}", container), "1 true"::equals,
                "the engine to start " + container + " again by its restart policy");
        Await.until(Duration.ofSeconds(90), () -> answersPing(DockerSandboxes.daemonEndpoint(id)),
                Boolean::booleanValue, "the daemon of " + id + " to answer again");
        assertThat(DockerSandboxes.stateOf(alice, id)).isEqualTo("READY");
        assertLearnersWorkIsIn(id);
    }

    /**
     * One bounded {@code /_ping}: while a restarted sandbox's daemon starts, its port may accept a connection and
     * answer nothing, which would hold a docker CLI without a timeout.
     */
    private static boolean answersPing(String endpoint) {
        try {
            java.net.http.HttpResponse<String> answer = java.net.http.HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(2)).build()
                    .send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(endpoint.replace("tcp://", "http://")
                            + "/_ping")).timeout(Duration.ofSeconds(2)).build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString());
            return answer.statusCode() == 200;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void assertLearnersWorkIsIn(String id) {
        String daemon = DockerSandboxes.daemonEndpoint(id);
        assertThat(HostDocker.run("-H", daemon, "ps", "-a", "--format", "{{.Names}}")).contains("kept");
        assertThat(HostDocker.run("-H", daemon, "run", "--rm", "-v", "work:/data", "--entrypoint", "cat",
                "nginx:latest", "/data/file")).isEqualTo("mine");
    }

    @Test
    void replicasClaimingAtOnceEachGetDifferentSandboxes() throws Exception {
        scheduler.pause(ExpiryReaper.JOB);
        String reconcilerHolder = "claims-test";
        takeReconcilerLease(reconcilerHolder, Duration.ofMinutes(5));
        try {
            List<String> ids = expiredRows(freshTenant("claims"), 30);
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<List<String>>> replicas = IntStream.range(0, 4)
                    .mapToObj(replica -> CompletableFuture.supplyAsync(() -> {
                        await(start);
                        List<String> mine = new ArrayList<>();
                        List<String> claimed;
                        do {
                            claimed = claims.move(EnumSet.of(SandboxState.READY), SandboxCondition.idIn(ids),
                                    SandboxState.TERMINATING, sandbox -> "Claimed in a test.");
                            mine.addAll(claimed);
                        } while (!claimed.isEmpty());
                        return mine;
                    })).toList();
            start.countDown();

            List<String> all = new ArrayList<>();
            for (CompletableFuture<List<String>> replica : replicas) {
                all.addAll(replica.get());
            }
            assertThat(all).as("every row claimed exactly once").containsExactlyInAnyOrderElementsOf(ids);
        } finally {
            leases.release(Reconciler.LEASE, reconcilerHolder);
        }
    }

    @Test
    void aLeaseHasOneHolderAtATime() {
        takeReconcilerLease("first", Duration.ofMinutes(1));
        try {
            assertThat(leases.tryAcquire(Reconciler.LEASE, "second", Duration.ofMinutes(1))).isFalse();
        } finally {
            leases.release(Reconciler.LEASE, "first");
        }
        assertThat(leases.tryAcquire(Reconciler.LEASE, "second", Duration.ofMinutes(1))).isTrue();
        leases.release(Reconciler.LEASE, "second");
    }

    /** Rows only (no runtime): READY sandboxes of this backend whose expiry has passed. */
    private List<String> expiredRows(String tenant, int count) {
        Instant past = clock.instant().minus(Duration.ofHours(1));
        return IntStream.range(0, count)
                .mapToObj(i -> insertRow(tenant, "learner-" + i, SandboxState.READY, past, past)).toList();
    }

    /** A row as a replica left it, without any job of this replica to carry on with it. */
    private String insertRow(String tenant, String learner, SandboxState state, Instant since, Instant expiresAt) {
        tenants.ensureRegistered(tenant);
        return QuarkusTransaction.requiringNew().call(() -> {
            Sandbox sandbox = new Sandbox();
            sandbox.id = "sb-row" + UUID.randomUUID().toString().substring(0, 8);
            sandbox.tenantId = tenant;
            sandbox.learnerId = learner;
            sandbox.labId = LAB;
            sandbox.state = state;
            sandbox.backend = "docker";
            sandbox.createdAt = since;
            sandbox.updatedAt = since;
            sandbox.expiresAt = expiresAt;
            sandbox.persist();
            return sandbox.id;
        });
    }

    private static String[] labels(String installation, String sandboxId) {
        return Map.of(SandboxLabels.INSTALLATION, installation, SandboxLabels.SANDBOX, sandboxId,
                        SandboxLabels.MANAGED_BY, SandboxLabels.MANAGER).entrySet().stream()
                .flatMap(label -> java.util.stream.Stream.of("--label", label.getKey() + "=" + label.getValue()))
                .toArray(String[]::new);
    }

    private static String[] concat(String[] command, String[] labels, String... rest) {
        return java.util.stream.Stream.of(command, labels, rest).flatMap(java.util.Arrays::stream).toArray(String[]::new);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
