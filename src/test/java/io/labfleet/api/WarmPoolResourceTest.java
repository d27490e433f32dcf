package io.labfleet.api;

import io.labfleet.lifecycle.ExpiryReaper;
import io.labfleet.lifecycle.WarmPoolRefiller;
import io.labfleet.sandbox.Sandbox;
import io.labfleet.sandbox.SandboxPool;
import io.labfleet.sandbox.SandboxState;
import io.labfleet.support.ApiTest;
import io.labfleet.support.Await;
import io.labfleet.support.FakeSandboxProvisioner;
import io.labfleet.support.TestClock;
import io.labfleet.support.Tokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.transaction.UserTransaction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

/**
 * Warm pools on the in-memory backend: the admin API, claims, quotas, refill, drain, maximum age and the global cap
 * ({@code %test.labfleet.pool.max-total=3}). The refiller runs when a test calls it. The real engine's suite is
 * {@code WarmPoolIT}.
 */
@QuarkusTest
class WarmPoolResourceTest extends ApiTest {

    static final String LAB = "p9-release-tags";
    static final String OTHER_LAB = "p1-layers-cow";
    static final String ADMIN = Tokens.admin("root");

    @Inject
    WarmPoolRefiller refiller;
    @Inject
    ExpiryReaper reaper;
    @Inject
    SandboxPool pool;
    @Inject
    FakeSandboxProvisioner provisioner;
    @Inject
    TestClock clock;
    @Inject
    MeterRegistry metrics;
    @Inject
    UserTransaction transaction;

    @BeforeEach
    @AfterEach
    void noPools() {
        clock.reset();
        for (String lab : List.of(LAB, OTHER_LAB)) {
            as(ADMIN).delete("/api/v1/pools/" + lab).then().statusCode(200);
        }
        refiller.refill();
        Await.until(Duration.ofSeconds(20), () -> pooled(Set.of(SandboxState.ACTIVE.toArray(SandboxState[]::new))),
                List::isEmpty, "every pooled sandbox to be gone");
    }

    private static List<String> pooled(Set<SandboxState> states) {
        return QuarkusTransaction.requiringNew().call(() -> Sandbox.<Sandbox>list(
                "learnerId is null and backend = 'fake' and state in ?1", states).stream().map(s -> s.id).toList());
    }

    private static void resize(String lab, int size) {
        as(ADMIN).body("{\"size\":" + size + "}").put("/api/v1/pools/" + lab).then().statusCode(200)
                .body("size", equalTo(size)).body("source", equalTo("admin"));
    }

    private static void awaitReady(String lab, int ready) {
        Await.until(Duration.ofSeconds(20), () -> as(ADMIN).get("/api/v1/pools/" + lab).then().statusCode(200)
                .extract().<Integer>path("ready"), n -> n == ready, lab + "'s pool to hold " + ready + " READY");
    }

    private void fill(String lab, int size) {
        resize(lab, size);
        refiller.refill();
        awaitReady(lab, size);
    }

    private static String create(String token, String lab) {
        return as(token).body("{\"labId\":\"" + lab + "\"}").post("/api/v1/sandboxes").then().statusCode(202)
                .extract().path("id");
    }

    private double claims(String lab, String outcome) {
        var counter = metrics.find("labfleet.pool.claims").tag("lab", lab).tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void anAdminSetsAndResetsALabsPoolSizeAndEachChangeIsAudited() {
        as(ADMIN).get("/api/v1/pools/" + LAB).then().statusCode(200)
                .body("size", equalTo(0)).body("source", equalTo("lab")).body("ready", equalTo(0))
                .body("supported", equalTo(true)).body("$", not(hasKey("reason")));

        resize(LAB, 2);

        as(ADMIN).get("/api/v1/pools").then().statusCode(200)
                .body("find { it.labId == '" + LAB + "' }.size", equalTo(2));
        as(ADMIN).delete("/api/v1/pools/" + LAB).then().statusCode(200)
                .body("size", equalTo(0)).body("source", equalTo("lab"));
        List<String> details = as(ADMIN).get("/api/v1/audit?action=POOL_RESIZED&sandbox=" + LAB + "&size=2")
                .then().statusCode(200).extract().path("items.detail");
        assertThat(details).containsExactly("Size 2 (admin) -> 0 (configured).", "Size 0 (lab) -> 2.");
        as(ADMIN).get("/api/v1/audit?action=POOL_RESIZED&sandbox=" + LAB + "&size=1").then()
                .body("items[0].actor", equalTo("root")).body("items[0].target.type", equalTo("warm-pool"))
                .body("items[0].tenant", equalTo(null));
        // Instructors read their tenant's entries: a pool belongs to none.
        as(Tokens.instructor(freshTenant("audit"), "irene")).get("/api/v1/audit?action=POOL_RESIZED").then()
                .statusCode(200).body("items.size()", equalTo(0));
    }

    @Test
    void badInputIsOneProblemAndChangesNothing() {
        resize(LAB, 1);
        String learner = Tokens.learner(freshTenant("pool"), "alice");
        String instructor = Tokens.instructor(freshTenant("pool"), "irene");

        as(ADMIN).body("{\"size\":-1}").put("/api/v1/pools/" + LAB).then().spec(problem(400, "invalid-request"));
        as(ADMIN).body("{\"size\":101}").put("/api/v1/pools/" + LAB).then().spec(problem(400, "invalid-request"));
        as(ADMIN).body("{}").put("/api/v1/pools/" + LAB).then().spec(problem(400, "invalid-request"));
        as(ADMIN).body("{\"size\":2,\"lab\":\"x\"}").put("/api/v1/pools/" + LAB).then().spec(problem(400, "unknown-field"));
        as(ADMIN).body("{\"size\":\"many\"}").put("/api/v1/pools/" + LAB).then().spec(problem(400, "invalid-value"));
        as(ADMIN).body("{\"size\":2}").put("/api/v1/pools/no-such-lab").then().spec(problem(404, "not-found"));
        as(ADMIN).get("/api/v1/pools/no-such-lab").then().spec(problem(404, "not-found"));
        as(learner).body("{\"size\":2}").put("/api/v1/pools/" + LAB).then().spec(problem(403, "forbidden"));
        as(instructor).body("{\"size\":2}").put("/api/v1/pools/" + LAB).then().spec(problem(403, "forbidden"));
        as(instructor).delete("/api/v1/pools/" + LAB).then().spec(problem(403, "forbidden"));
        as(learner).get("/api/v1/pools").then().spec(problem(403, "forbidden"));
        anonymous().get("/api/v1/pools").then().spec(problem(401, "unauthenticated"));

        as(ADMIN).get("/api/v1/pools/" + LAB).then().body("size", equalTo(1)).body("source", equalTo("admin"));
        assertThat(as(ADMIN).get("/api/v1/audit?action=POOL_RESIZED&sandbox=no-such-lab").then().extract()
                .<List<?>>path("items")).isEmpty();
    }

    @Test
    void aCreateIsHandedAWarmSandboxAsItsOwnAndAMissStartsCold() {
        fill(LAB, 2);
        List<String> warm = pooled(Set.of(SandboxState.READY));
        String tenant = freshTenant("warm");
        String alice = Tokens.learner(tenant, "alice");
        String bob = Tokens.learner(tenant, "bob");
        double hits = claims(LAB, "hit");
        double misses = claims(LAB, "miss");

        Instant before = clock.instant();
        var created = as(alice).body("{\"labId\":\"" + LAB + "\",\"ttlMinutes\":45}").post("/api/v1/sandboxes").then()
                .statusCode(202).body("state", equalTo("READY")).body("learner", equalTo("alice"))
                .body("tenant", equalTo(tenant)).extract();
        String first = created.path("id");
        String second = create(bob, LAB);
        String cold = create(alice, LAB);

        assertThat(warm).containsExactlyInAnyOrder(first, second);
        assertThat(cold).isNotIn(warm);
        Instant expiresAt = Instant.parse(created.path("expiresAt"));
        assertThat(expiresAt).isBetween(before.plus(Duration.ofMinutes(45)), clock.instant().plus(Duration.ofMinutes(45)));
        assertThat(Instant.parse(created.<String>path("createdAt"))).isAfterOrEqualTo(before.minusMillis(1));
        assertThat(Instant.parse(created.<String>path("readyAt"))).isAfterOrEqualTo(before.minusMillis(1));
        SandboxResourceTest.awaitState(alice, cold, "READY");
        // Bob's is his own, not alice's; the runtime is the one that was started for the pool.
        as(alice).get("/api/v1/sandboxes/" + second).then().spec(problem(404, "sandbox-not-found"));
        assertThat(provisioner.holds(first)).isTrue();
        List<String> listed = as(alice).get("/api/v1/sandboxes?labId=" + LAB).then().statusCode(200)
                .extract().path("items.id");
        assertThat(listed).containsExactlyInAnyOrder(first, cold);
        assertThat(claims(LAB, "hit") - hits).isEqualTo(2);
        assertThat(claims(LAB, "miss") - misses).isEqualTo(1);
    }

    @Test
    void pooledSandboxesBelongToNobodyAndCountAgainstNoTenant() {
        fill(LAB, 2);
        String pooledId = pooled(Set.of(SandboxState.READY)).get(0);
        String tenant = freshTenant("quota");
        tenantWithQuotas(tenant, 1, 1, 240);
        String alice = Tokens.learner(tenant, "alice");

        // Not even an admin reaches one through the API before a learner claims it.
        as(ADMIN).get("/api/v1/sandboxes/" + pooledId).then().spec(problem(404, "sandbox-not-found"));
        as(ADMIN).delete("/api/v1/sandboxes/" + pooledId).then().spec(problem(404, "sandbox-not-found"));
        as(ADMIN).post("/api/v1/sandboxes/" + pooledId + "/validations").then().spec(problem(404, "sandbox-not-found"));
        List<String> all = as(ADMIN).get("/api/v1/sandboxes?labId=" + LAB + "&size=100").then().statusCode(200)
                .extract().path("items.id");
        assertThat(all).doesNotContain(pooledId);

        // Two pooled sandboxes do not use up a quota of one; the claimed one does.
        create(alice, LAB);
        as(Tokens.learner(tenant, "bob")).body("{\"labId\":\"" + LAB + "\"}").post("/api/v1/sandboxes").then()
                .spec(problem(429, "quota-exceeded"));
        assertThat(pooled(Set.of(SandboxState.READY))).hasSize(1);
    }

    @Test
    void theRefillerReplacesAClaimedSandboxAndDrainsWhatASmallerSizeLeavesOver() {
        fill(LAB, 2);
        String alice = Tokens.learner(freshTenant("refill"), "alice");
        String claimed = create(alice, LAB);

        WarmPoolRefiller.Pass pass = refiller.refill();

        assertThat(pass.started()).hasSize(1);
        awaitReady(LAB, 2);
        assertThat(pooled(Set.of(SandboxState.READY))).doesNotContain(claimed);

        resize(LAB, 0);
        assertThat(refiller.refill().drained()).hasSize(2);
        awaitReady(LAB, 0);
        Await.until(Duration.ofSeconds(20), () -> pooled(SandboxState.ACTIVE), List::isEmpty, "the pool to be drained");
        // The learner's sandbox is left alone.
        as(alice).get("/api/v1/sandboxes/" + claimed).then().statusCode(200).body("state", equalTo("READY"));
        assertThat(provisioner.holds(claimed)).isTrue();
    }

    @Test
    void aPooledSandboxNobodyClaimsIsReplacedAtItsMaximumAgeAndTornDown() {
        fill(LAB, 1);
        String old = pooled(Set.of(SandboxState.READY)).get(0);

        // 30 min of maximum age: 5 min before it, the reaper's expiry warning takes it out of the pool.
        clock.advance(Duration.ofMinutes(26));
        assertThat(reaper.reap().warned()).contains(old);
        String alice = Tokens.learner(freshTenant("stale"), "alice");
        String given = create(alice, LAB);
        assertThat(given).isNotEqualTo(old);
        assertThat(refiller.refill().started()).hasSize(1);
        awaitReady(LAB, 1);

        clock.advance(Duration.ofMinutes(5));
        assertThat(reaper.reap().expired()).contains(old);
        Await.until(Duration.ofSeconds(20), () -> provisioner.holds(old), held -> !held, old + " to be torn down");
        assertThat(QuarkusTransaction.requiringNew().call(() -> Sandbox.<Sandbox>findById(old).state))
                .isEqualTo(SandboxState.TERMINATED);
    }

    @Test
    void poolsAllTogetherStayWithinTheGlobalCap() {
        resize(LAB, 2);
        resize(OTHER_LAB, 2);

        refiller.refill();
        refiller.refill();
        Await.until(Duration.ofSeconds(20), () -> pooled(Set.of(SandboxState.READY)), ready -> ready.size() == 3,
                "three READY pooled sandboxes");
        refiller.refill();

        assertThat(pooled(SandboxState.ACTIVE)).hasSize(3);
        // Each lab got one before either got a second: the first in course order (part 1) got the third.
        as(ADMIN).get("/api/v1/pools/" + OTHER_LAB).then().body("ready", equalTo(2));
        as(ADMIN).get("/api/v1/pools/" + LAB).then().body("ready", equalTo(1));
    }

    /** Two replicas claiming at the same moment, each in its own transaction, never lock the same sandbox. */
    @Test
    void twoClaimersAtOnceNeverGetTheSameSandbox() throws Exception {
        fill(LAB, 2);
        CyclicBarrier bothLocked = new CyclicBarrier(2);
        CompletableFuture<Optional<String>> first = CompletableFuture.supplyAsync(() -> claimHolding(bothLocked));
        CompletableFuture<Optional<String>> second = CompletableFuture.supplyAsync(() -> claimHolding(bothLocked));
        Optional<String> a = first.get(30, TimeUnit.SECONDS);
        Optional<String> b = second.get(30, TimeUnit.SECONDS);

        assertThat(a).isPresent();
        assertThat(b).isPresent();
        assertThat(new HashSet<>(List.of(a.get(), b.get()))).hasSize(2);
        // Both were given back by rolling back: a claim finds one again.
        assertThat(QuarkusTransaction.requiringNew().call(() -> pool.claim(LAB, clock.instant()))).isPresent();
    }

    /** Claims within a transaction held open until the other claimer also holds its lock, then rolls back. */
    private Optional<String> claimHolding(CyclicBarrier bothLocked) {
        try {
            transaction.begin();
            try {
                Optional<String> claimed = pool.claim(LAB, clock.instant()).map(sandbox -> sandbox.id);
                bothLocked.await(20, TimeUnit.SECONDS);
                return claimed;
            } finally {
                transaction.rollback();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void twoRefillersAtOnceFillThePoolOnce() throws Exception {
        resize(LAB, 2);
        CompletableFuture<WarmPoolRefiller.Pass> first = CompletableFuture.supplyAsync(refiller::refill);
        CompletableFuture<WarmPoolRefiller.Pass> second = CompletableFuture.supplyAsync(refiller::refill);
        int started = first.get(30, TimeUnit.SECONDS).started().size() + second.get(30, TimeUnit.SECONDS).started().size();
        refiller.refill();

        assertThat(started).isEqualTo(2);
        awaitReady(LAB, 2);
        assertThat(pooled(SandboxState.ACTIVE)).hasSize(2);
    }
}
