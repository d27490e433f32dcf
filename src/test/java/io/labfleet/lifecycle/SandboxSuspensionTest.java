package io.labfleet.lifecycle;

import io.labfleet.provisioner.RuntimeStatus;
import io.labfleet.sandbox.Sandbox;
import io.labfleet.sandbox.SandboxEvents;
import io.labfleet.sandbox.SandboxNotWokenException;
import io.labfleet.sandbox.SandboxState;
import io.labfleet.sandbox.SandboxSuspensions;
import io.labfleet.support.ApiTest;
import io.labfleet.support.Await;
import io.labfleet.support.FakeSandboxProvisioner;
import io.labfleet.support.TestClock;
import io.labfleet.support.Tokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/**
 * Suspension's rules on the fake backend with the service's clock moved by the test: which idle sandboxes are
 * suspended and which are not, that the reconciler leaves them stopped, that a check wakes one, and that a
 * suspended sandbox still ends like any other. SuspendedSandboxIT proves the learner's side on the real engine.
 */
@QuarkusTest
class SandboxSuspensionTest extends ApiTest {

    static final String LAB = "p3-container-lifecycle";

    @Inject
    ExpiryReaper reaper;
    @Inject
    Reconciler reconciler;
    @Inject
    SandboxSuspensions suspensions;
    @Inject
    FakeSandboxProvisioner provisioner;
    @Inject
    TestClock clock;
    @Inject
    SandboxEvents events;
    @Inject
    MeterRegistry metrics;

    private final List<Runnable> following = new CopyOnWriteArrayList<>();

    @AfterEach
    void putTheClockBack() {
        clock.reset();
    }

    private static String readySandbox(String token) {
        String id = as(token).body("{\"labId\":\"" + LAB + "\"}").post("/api/v1/sandboxes").then().statusCode(202)
                .extract().path("id");
        Await.until(Duration.ofSeconds(20), () -> stateOf(token, id), "READY"::equals, id + " to be READY");
        return id;
    }

    private static String stateOf(String token, String id) {
        return as(token).get("/api/v1/sandboxes/" + id).then().statusCode(200).extract().path("state");
    }

    private static Sandbox row(String id) {
        return QuarkusTransaction.requiringNew().call(() -> Sandbox.<Sandbox>findById(id));
    }

    /**
     * Runs reaper passes until the sandboxes are suspended: a pass takes a batch, and rows other suites left in the
     * database may come first.
     */
    private void awaitSuspended(String... ids) {
        Await.until(Duration.ofSeconds(20), () -> {
            reaper.reap();
            return java.util.Arrays.stream(ids).allMatch(id -> provisioner.status(id) == RuntimeStatus.STOPPED
                    && row(id).claimedBy == null);
        }, Boolean::booleanValue, String.join(", ", ids) + " to be suspended");
    }

    /** The reasons of the state events the sandbox's followers are told of from now on (until the test ends). */
    private List<String> followedReasons(String id) {
        List<String> reasons = new CopyOnWriteArrayList<>();
        Runnable unsubscribe = events.subscribe(id, event -> {
            if ("state".equals(event.type())) {
                reasons.add(event.reason());
            }
        });
        following.add(unsubscribe);
        return reasons;
    }

    @AfterEach
    void stopFollowing() {
        following.forEach(Runnable::run);
        following.clear();
    }

    /** Lets the sandboxes idle past the suspension delay and runs reaper passes, which suspend them. */
    private void idleUntilSuspended(String... ids) {
        clock.advance(Duration.ofMinutes(11));
        awaitSuspended(ids);
    }

    @Test
    void anIdleSandboxIsSuspendedKeptUsableAndLeftStoppedByTheReconciler() {
        String alice = Tokens.learner(freshTenant("suspend"), "alice");
        String idle = readySandbox(alice);
        String used = readySandbox(alice);
        List<String> told = followedReasons(idle);

        clock.advance(Duration.ofMinutes(11));
        QuarkusTransaction.requiringNew().run(() -> Sandbox.recordActivity(List.of(used), clock.instant()));

        awaitSuspended(idle);
        as(alice).get("/api/v1/sandboxes/" + idle).then().statusCode(200)
                .body("state", org.hamcrest.Matchers.equalTo("READY"))
                .body("suspendedAt", notNullValue())
                .body("reason", startsWith("Suspended at "));
        assertThat(told).as("its followers are told once it is stopped").singleElement()
                .satisfies(reason -> assertThat(reason).startsWith("Suspended at "));
        as(alice).get("/api/v1/sandboxes/" + used).then().body("suspendedAt", nullValue());
        assertThat(provisioner.status(used)).isEqualTo(RuntimeStatus.RUNNING);

        reconcileOnce();
        assertThat(provisioner.resumes(idle)).as("the reconciler starts stopped sandboxes, not suspended ones").isZero();
        assertThat(provisioner.status(idle)).isEqualTo(RuntimeStatus.STOPPED);

        reaper.reap();
        assertThat(provisioner.suspendCalls(idle)).as("suspended once").isEqualTo(1);
        clock.advance(Duration.ofMinutes(6));
        assertThat(suspensions.wakeLeftRunningLater(idle).join()).as("marked, but stopped: not the reconciler's to wake")
                .isFalse();
        assertThat(suspensions.tellLeftStoppedLater(idle).join()).as("told when it was stopped: not told again")
                .isFalse();
        assertThat(told).hasSize(1);
        assertThat(provisioner.status(idle)).isEqualTo(RuntimeStatus.STOPPED);
    }

    @Test
    void aSandboxRunningContainersIsNotSuspendedNorAskedAgainAtEveryPass() {
        String alice = Tokens.learner(freshTenant("busy"), "alice");
        String id = readySandbox(alice);
        Sandbox before = row(id);
        provisioner.runContainers(id, true);
        List<String> told = followedReasons(id);

        idleUntilAttempted(id, () -> provisioner.busyAsks(id) == 1);

        assertUntouched(id, before, told);
        assertThat(provisioner.suspendCalls(id)).as("never stopped").isZero();
        assertThat(reaper.reap().suspended()).as("a busy sandbox waits before it is asked again").doesNotContain(id);
        assertThat(provisioner.busyAsks(id)).isEqualTo(1);
    }

    /**
     * The learner starts a container between the suspension's first look and its stop: the stop finds it and leaves the
     * sandbox running, and the mark it had taken is taken back without anyone having been told of it.
     */
    @Test
    void aContainerStartedJustBeforeTheStopKeepsTheSandboxRunningUnannounced() {
        String alice = Tokens.learner(freshTenant("just-started"), "alice");
        String id = readySandbox(alice);
        Sandbox before = row(id);
        provisioner.runContainersOnceAsked(id);
        List<String> told = followedReasons(id);

        idleUntilAttempted(id, () -> provisioner.suspendCalls(id) == 1);

        assertUntouched(id, before, told);
    }

    /** Lets the sandbox idle past the suspension delay and runs reaper passes until an attempt on it has ended. */
    private void idleUntilAttempted(String id, BooleanSupplier attempted) {
        clock.advance(Duration.ofMinutes(11));
        Await.until(Duration.ofSeconds(20), () -> {
            reaper.reap();
            return attempted.getAsBoolean() && row(id).claimedBy == null;
        }, Boolean::booleanValue, "the attempt to end");
    }

    /** Still awake, with the reason and the last change it had, and its followers told nothing. */
    private void assertUntouched(String id, Sandbox before, List<String> told) {
        assertThat(told).as("an attempt that left it running is no news to its followers").isEmpty();
        Sandbox after = row(id);
        assertThat(after.suspendedAt).isNull();
        assertThat(after.reason).isEqualTo(before.reason);
        assertThat(after.updatedAt).isEqualTo(before.updatedAt);
        assertThat(provisioner.status(id)).isEqualTo(RuntimeStatus.RUNNING);
    }

    /**
     * A use recorded after a long quiet moment (the first command after a pause, on whichever replica) lands before a
     * suspension's mark, which then does not happen; one that comes after the mark is told to wake the sandbox.
     */
    @Test
    void aUseAfterAQuietMomentKeepsTheSandboxAwakeOrFindsItSuspended() {
        String alice = Tokens.learner(freshTenant("comes-back"), "alice");
        String id = readySandbox(alice);
        java.time.Instant lastUse = row(id).lastActivityAt;

        clock.advance(Duration.ofMinutes(11));
        assertThat(suspensions.staysAwake(id, lastUse)).isTrue();
        assertThat(row(id).lastActivityAt).as("recorded at once").isAfter(lastUse.plus(Duration.ofMinutes(10)));
        reaper.reap();
        reaper.reap();
        assertThat(provisioner.suspendCalls(id)).isZero();

        clock.advance(Duration.ofMinutes(11));
        awaitSuspended(id);
        assertThat(suspensions.staysAwake(id, lastUse)).as("suspended meanwhile: it must be woken").isFalse();
        assertThat(suspensions.staysAwake(id, clock.instant())).as("a recent use costs no write").isTrue();
    }

    /**
     * Another replica wakes the sandbox while this one is still stopping it (the learner's command arrived there): it
     * starts the runtime and takes the mark away under the row's lock, and then the stop here lands. The suspension
     * reads the row once its stop is done and starts the sandbox again: the learner is never left with a stopped
     * sandbox that the database says is awake.
     */
    @Test
    void aWakeOnAnotherReplicaDuringTheStopStartsTheSandboxAgain() {
        String alice = Tokens.learner(freshTenant("two-replicas"), "alice");
        String id = readySandbox(alice);
        FakeSandboxProvisioner.StopHold stop = provisioner.holdNextStop(id);
        List<String> told = followedReasons(id);
        double restarted = suspensions("restarted");

        clock.advance(Duration.ofMinutes(11));
        Await.until(Duration.ofSeconds(20), () -> {
            reaper.reap();
            return stop.reached().getCount() == 0;
        }, Boolean::booleanValue, "the suspension to reach its stop");
        assertThat(row(id).suspendedAt).as("marked before the stop").isNotNull();
        // What another replica's wake does (SandboxSuspensions.wake there): under the row's lock, start the runtime
        // and take the mark away.
        QuarkusTransaction.requiringNew().run(() -> {
            Sandbox sandbox = Sandbox.lock(id);
            provisioner.resume(id);
            sandbox.suspendedAt = null;
            sandbox.lastActivityAt = clock.instant();
        });
        stop.released().countDown();

        Await.until(Duration.ofSeconds(20), () -> row(id).claimedBy == null, Boolean::booleanValue,
                "the suspension to end");
        assertThat(provisioner.status(id)).as("started again after the stop").isEqualTo(RuntimeStatus.RUNNING);
        assertThat(provisioner.resumes(id)).as("the other replica's start, then this one's").isEqualTo(2);
        assertThat(row(id).suspendedAt).isNull();
        as(alice).get("/api/v1/sandboxes/" + id).then().statusCode(200).body("suspendedAt", nullValue())
                .body("reason", startsWith("Woken at "));
        assertThat(told).as("its followers: awake all along, as far as they can tell").noneMatch(
                reason -> reason.startsWith("Suspended at "));
        assertThat(suspensions("restarted")).as("counted as a suspension undone, not as one done")
                .isEqualTo(restarted + 1);
    }

    private double suspensions(String outcome) {
        return metrics.counter("labfleet.sandbox.suspensions", "outcome", outcome).count();
    }

    /**
     * The service died between a suspension's mark and its stop: the sandbox is marked, its runtime runs and the dead
     * replica's claim is on it. Once that claim lapses, the reconciler has it woken the usual way (where its daemon
     * answers is recorded again), and the next idle pass suspends it (its memory is not held until its learner comes
     * back).
     */
    @Test
    void aSuspensionCutShortByACrashIsSettledByTheReconcilerAndDoneAgain() {
        String alice = Tokens.learner(freshTenant("cut-short"), "alice");
        String id = readySandbox(alice);
        clock.advance(Duration.ofMinutes(11));
        markedAgo(id, Duration.ofMinutes(10), Duration.ofMinutes(1));
        assertThat(suspensions.wakeLeftRunningLater(id).join()).as("left alone while a replica's claim holds")
                .isFalse();

        clock.advance(Duration.ofMinutes(2));
        markedAgo(id, Duration.ofMinutes(1), Duration.ofMinutes(-1));
        assertThat(suspensions.wakeLeftRunningLater(id).join())
                .as("its claim lapsed, but a mark this recent may be a slow stop's: left alone").isFalse();
        assertThat(row(id).suspendedAt).isNotNull();

        markedAgo(id, Duration.ofMinutes(6), Duration.ofMinutes(-1));
        reconcileOnce();
        Await.until(Duration.ofSeconds(20), () -> row(id).suspendedAt == null, Boolean::booleanValue,
                "the reconciler to settle it");
        assertThat(row(id).reason).startsWith("Woken at ");
        assertThat(provisioner.resumes(id)).as("its daemon's address asked again").isEqualTo(1);

        idleUntilSuspended(id);
        assertThat(row(id).suspendedAt).as("suspended again, the usual way, once idle").isNotNull();
        assertThat(provisioner.status(id)).isEqualTo(RuntimeStatus.STOPPED);
    }

    /**
     * The service died between a suspension's stop and its settling: the sandbox is stopped and marked, but its reason
     * and its followers still say what they said before. Once the dead replica's claim has lapsed and the mark is old
     * enough, the reconciler tells the suspension, once; the sandbox stays stopped until its learner comes back.
     */
    @Test
    void aSuspensionWhoseSettlingACrashCutShortIsToldByTheReconciler() {
        String alice = Tokens.learner(freshTenant("untold"), "alice");
        String id = readySandbox(alice);
        List<String> told = followedReasons(id);
        // Idle long enough to be suspended; the marks below then come after its last write (READY), as a real one.
        clock.advance(Duration.ofMinutes(11));
        markedAgo(id, Duration.ofMinutes(1), Duration.ofMinutes(-1));
        assertThat(provisioner.suspend(id)).isTrue();
        String reasonBefore = row(id).reason;
        assertThat(suspensions.tellLeftStoppedLater(id).join())
                .as("a mark this recent may be a slow settling's: left alone").isFalse();

        markedAgo(id, Duration.ofMinutes(6), Duration.ofMinutes(-1));
        provisioner.resume(id);
        assertThat(suspensions.tellLeftStoppedLater(id).join())
                .as("its runtime runs again (a wake that started it and then rolled back): not told").isFalse();
        assertThat(provisioner.suspend(id)).isTrue();
        reconcileOnce();
        Await.until(Duration.ofSeconds(20), () -> row(id).reason, reason -> reason.startsWith("Suspended at "),
                "the reconciler to tell it (it said: " + reasonBefore + ")");
        Await.until(Duration.ofSeconds(5), () -> told.size(), size -> size > 0, "its followers to be told");
        assertThat(told).singleElement().asString().startsWith("Suspended at ");
        as(alice).get("/api/v1/sandboxes/" + id).then().statusCode(200).body("suspendedAt", notNullValue())
                .body("reason", startsWith("Suspended at "));
        assertThat(provisioner.status(id)).as("left stopped").isEqualTo(RuntimeStatus.STOPPED);
        assertThat(provisioner.resumes(id)).as("the test's own start only").isEqualTo(1);

        reconcileOnce();
        assertThat(suspensions.tellLeftStoppedLater(id).join()).as("told already").isFalse();
        assertThat(told).as("told once").hasSize(1);
    }

    /** The same, expiring: its warning (here written by a replica whose clock is behind) is what its learner reads. */
    @Test
    void anExpiringSandboxLeftStoppedAndUntoldKeepsItsWarning() {
        String alice = Tokens.learner(freshTenant("untold-expiring"), "alice");
        String id = readySandbox(alice);
        clock.advance(Duration.ofMinutes(11));
        markedAgo(id, Duration.ofMinutes(6), Duration.ofMinutes(-1));
        assertThat(provisioner.suspend(id)).isTrue();
        String warning = "Expires soon: extend it to keep working.";
        QuarkusTransaction.requiringNew().run(() -> {
            Sandbox sandbox = Sandbox.lock(id);
            sandbox.state = SandboxState.EXPIRING;
            sandbox.reason = warning;
            sandbox.updatedAt = sandbox.suspendedAt.minusSeconds(2);
        });
        reconcileOnce();
        assertThat(suspensions.tellLeftStoppedLater(id).join()).isFalse();
        assertThat(row(id).reason).isEqualTo(warning);
    }

    /**
     * The row as a suspension leaves it when its replica dies after the mark: marked {@code ago}, claimed by that
     * replica for {@code claimFor} from now (negative: lapsed).
     */
    private void markedAgo(String id, Duration ago, Duration claimFor) {
        QuarkusTransaction.requiringNew().run(() -> {
            Sandbox sandbox = Sandbox.lock(id);
            sandbox.suspendedAt = clock.instant().minus(ago);
            sandbox.claimedBy = "a-replica-that-died";
            sandbox.claimedUntil = clock.instant().plus(claimFor);
        });
    }

    private void reconcileOnce() {
        Await.until(Duration.ofSeconds(20), () -> reconciler.reconcile().ran(), Boolean::booleanValue,
                "a reconciler pass");
    }

    @Test
    void aPooledSandboxIsNeverSuspended() {
        String id = "sb-pooled-" + Long.toString(System.nanoTime(), 36);
        QuarkusTransaction.requiringNew().run(() -> {
            Sandbox sandbox = new Sandbox();
            sandbox.id = id;
            sandbox.labId = LAB;
            sandbox.state = SandboxState.READY;
            sandbox.backend = "fake";
            sandbox.createdAt = clock.instant();
            sandbox.updatedAt = clock.instant();
            sandbox.readyAt = clock.instant();
            sandbox.lastActivityAt = clock.instant();
            sandbox.expiresAt = clock.instant().plus(Duration.ofHours(4));
            sandbox.persist();
        });
        clock.advance(Duration.ofMinutes(11));

        for (int pass = 0; pass < 5; pass++) {
            reaper.reap(); // rows other suites left may fill a pass's batch: a few passes reach every candidate
            Await.until(Duration.ofSeconds(10), () -> QuarkusTransaction.requiringNew().call(() -> Sandbox.count(
                    "claimedBy is not null and suspendedAt is null and state = ?1", SandboxState.READY)), n -> n == 0,
                    "the pass's suspensions to end");
        }
        assertThat(provisioner.suspendCalls(id)).isZero();
        assertThat(row(id).suspendedAt).isNull();
        QuarkusTransaction.requiringNew().run(() -> Sandbox.deleteById(id));
    }

    @Test
    void aCheckWakesASuspendedSandboxFirst() {
        String alice = Tokens.learner(freshTenant("check-wakes"), "alice");
        String id = readySandbox(alice);
        idleUntilSuspended(id);
        java.time.Instant beforeTheCheck = clock.instant();

        String runId = as(alice).post("/api/v1/sandboxes/" + id + "/validations").then().statusCode(202)
                .extract().path("id");

        // The fake daemon does not answer: the run ends ERROR, but only after the sandbox was woken.
        Await.until(Duration.ofSeconds(30), () -> as(alice).get("/api/v1/validations/" + runId).then().extract()
                .<String>path("state"), "ERROR"::equals, "the run to end");
        assertThat(provisioner.resumes(id)).isEqualTo(1);
        assertThat(provisioner.status(id)).isEqualTo(RuntimeStatus.RUNNING);
        as(alice).get("/api/v1/sandboxes/" + id).then().body("suspendedAt", nullValue())
                .body("reason", startsWith("Woken at "));
        assertThat(row(id).lastActivityAt).as("a wake is activity").isAfterOrEqualTo(beforeTheCheck);
    }

    @Test
    void aWakeThatFailsLeavesTheSandboxSuspendedAndTellsTheLearnerWhy() {
        String alice = Tokens.learner(freshTenant("wake-fails"), "alice");
        String id = readySandbox(alice);
        idleUntilSuspended(id);
        provisioner.deprovision(id); // its runtime gone behind the service's back: it cannot be started again

        assertThatThrownBy(() -> suspensions.wakeAndWait(id)).isInstanceOf(SandboxNotWokenException.class)
                .hasMessageStartingWith("Sandbox " + id + " was suspended").hasMessageContaining("could not be woken")
                .hasMessageEndingWith("Everything in it is kept; try again in a moment.");
        assertThat(row(id).suspendedAt).isNotNull();

        String runId = as(alice).post("/api/v1/sandboxes/" + id + "/validations").then().statusCode(202)
                .extract().path("id");
        Await.until(Duration.ofSeconds(30), () -> as(alice).get("/api/v1/validations/" + runId).then().extract()
                .<String>path("state"), "ERROR"::equals, "the run to end");
        as(alice).get("/api/v1/validations/" + runId).then()
                .body("error", startsWith("La sandbox était en veille"));
        as(alice).header("Accept-Language", "en").get("/api/v1/validations/" + runId).then()
                .body("error", startsWith("Sandbox " + id + " was suspended"));
    }

    @Test
    void wakesAskedAtOnceStartTheSandboxOnce() {
        String alice = Tokens.learner(freshTenant("wakes"), "alice");
        String id = readySandbox(alice);
        idleUntilSuspended(id);

        provisioner.resumeTakes(Duration.ofMillis(500));
        try {
            List<CompletableFuture<Void>> wakes = IntStream.range(0, 8).mapToObj(i -> suspensions.wake(id)).toList();
            CompletableFuture.allOf(wakes.toArray(CompletableFuture[]::new)).join();
        } finally {
            provisioner.resumeTakes(Duration.ZERO);
        }

        assertThat(provisioner.resumes(id)).isEqualTo(1);
        suspensions.wakeAndWait(id);
        assertThat(provisioner.resumes(id)).as("a running sandbox is not started again").isEqualTo(1);
    }

    @Test
    void aSuspendedSandboxIsDeletedOrIdledOutLikeAnyOther() {
        String alice = Tokens.learner(freshTenant("suspended-ends"), "alice");
        String deleted = readySandbox(alice);
        String idle = readySandbox(alice);
        idleUntilSuspended(deleted, idle);

        as(alice).delete("/api/v1/sandboxes/" + deleted).then().statusCode(202);
        clock.advance(Duration.ofMinutes(20));

        for (String id : List.of(deleted, idle)) {
            Await.until(Duration.ofSeconds(20), () -> {
                reaper.reap();
                return stateOf(alice, id);
            }, "TERMINATED"::equals, id + " to end");
            assertThat(provisioner.holds(id)).as(id + "'s runtime").isFalse();
            assertThat(provisioner.resumes(id)).as("not woken to be removed").isZero();
        }
    }
}
