package io.labfleet.sandbox;

import io.labfleet.commons.ServiceThreads;
import io.labfleet.config.LabfleetConfig;
import io.labfleet.lab.LabCatalog;
import io.labfleet.lab.LabSetup;
import io.labfleet.provisioner.RuntimeStatus;
import io.labfleet.support.ApiTest;
import io.labfleet.support.Await;
import io.labfleet.support.FakeSandboxProvisioner;
import io.labfleet.support.TestClock;
import io.labfleet.support.Tokens;
import io.labfleet.tenant.TenantService;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jobs' database claims on the fake backend: a sandbox whose runtime stopped is started again by one replica,
 * never by two (the reconcilers of several replicas take turns, and each sees it stopped until it runs again); a job
 * a stopping replica can no longer run leaves no claim behind.
 */
@QuarkusTest
class SandboxJobsTest extends ApiTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String OTHER_REPLICA = "other-replica#0001";

    @Inject
    SandboxJobs jobs;
    @Inject
    SandboxClaims claims;
    @Inject
    FakeSandboxProvisioner provisioner;
    @Inject
    Replica replica;
    @Inject
    TestClock clock;
    @Inject
    SandboxEvents events;
    @Inject
    LabCatalog labs;
    @Inject
    TenantService tenants;
    @Inject
    LabSetup setup;
    @Inject
    LabfleetConfig config;
    @Inject
    MeterRegistry metrics;

    /** The claims' renewal of the stopping replica's jobs (still running, as in a service that is stopping). */
    private final ScheduledExecutorService renewal = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void putTheClockBack() {
        clock.reset();
        renewal.shutdownNow();
    }

    @Test
    void aStoppedSandboxAnotherReplicaIsStartingAgainIsLeftToIt() {
        String id = readySandbox();
        provisioner.stop(id);
        claim(id, OTHER_REPLICA, clock.instant().plus(replica.lease()));

        assertThat(jobs.restartStoppedLater(id)).as("refused while the other replica's claim holds").isFalse();
        assertThat(row(id).claimedBy).isEqualTo(OTHER_REPLICA);
        assertThat(provisioner.status(id)).isEqualTo(RuntimeStatus.STOPPED);

        clock.advance(replica.lease().plusSeconds(1));
        assertThat(jobs.restartStoppedLater(id)).as("taken once that claim lapsed (its replica is gone)").isTrue();
        Await.until(WAIT, () -> provisioner.status(id), RuntimeStatus.RUNNING::equals, "the sandbox running again");
        Await.until(WAIT, () -> row(id).claimedBy, claimedBy -> claimedBy == null, "the claim given back");
        assertThat(provisioner.resumes(id)).isEqualTo(1);
        assertThat(row(id).reason).startsWith("Its Docker engine was restarted at");
    }

    @Test
    void aJobClaimIsTakenOverThisReplicasOwnClaimAndRefusedWhileAnotherReplicasHolds() {
        String id = readySandbox();
        claim(id, replica.id(), clock.instant().plus(replica.lease()));

        assertThat(claims.claimForJobIfFree(id)).as("this replica's own claim").isTrue();
        claim(id, OTHER_REPLICA, clock.instant().plus(replica.lease()));
        assertThat(claims.claimForJobIfFree(id)).as("another replica's claim that holds").isFalse();
        assertThat(row(id).claimedBy).isEqualTo(OTHER_REPLICA);
    }

    @Test
    void aJobRefusedByAStoppingReplicaLeavesTheSandboxFreeForTheOthers() {
        String id = readySandbox();
        provisioner.stop(id);
        SandboxJobs stopping = jobsOfAStoppingReplica();

        assertThat(stopping.restartStoppedLater(id)).as("nothing was started").isFalse();
        assertThat(row(id).claimedBy).as("the claim given back, not held until it lapses").isNull();

        stopping.deprovisionLater(id);
        assertThat(row(id).claimedBy).as("a teardown refused gives its claim back too").isNull();
        assertThat(row(id).state).isEqualTo(SandboxState.READY);

        assertThat(jobs.restartStoppedLater(id)).as("the running replica starts it again").isTrue();
        Await.until(WAIT, () -> provisioner.status(id), RuntimeStatus.RUNNING::equals, "the sandbox running again");
    }

    /** This replica's jobs as they are once the service began to stop: their pool takes no more work. */
    private SandboxJobs jobsOfAStoppingReplica() {
        ServiceThreads stopped = new ServiceThreads() {
            @Override
            public ExecutorService pool(String name, int threads) {
                ExecutorService pool = Executors.newSingleThreadExecutor();
                pool.shutdown();
                return pool;
            }

            @Override
            public ScheduledExecutorService scheduler(String name) {
                return renewal;
            }
        };
        return new SandboxJobs(provisioner, events, labs, tenants, setup, config, clock, metrics, replica, claims,
                stopped);
    }

    /** A READY sandbox made through the API, running on the fake backend. */
    private String readySandbox() {
        String tenant = freshTenant("jobs");
        tenantWithQuotas(tenant, 5, 5, 600);
        String id = as(Tokens.learner(tenant, "alice")).body("{\"labId\":\"p3-container-lifecycle\"}")
                .post("/api/v1/sandboxes").then().statusCode(202).extract().path("id");
        Await.until(WAIT, () -> row(id), sandbox -> sandbox.state == SandboxState.READY && sandbox.claimedBy == null,
                "the sandbox READY and its job done");
        return id;
    }

    private static void claim(String id, String claimedBy, Instant until) {
        QuarkusTransaction.requiringNew().run(() -> Sandbox.update("claimedBy = ?1, claimedUntil = ?2 where id = ?3",
                claimedBy, until, id));
    }

    private static Sandbox row(String id) {
        return QuarkusTransaction.requiringNew().call(() -> Sandbox.<Sandbox>findById(id));
    }
}
