package io.labfleet.lifecycle;

import io.labfleet.config.LabfleetConfig;
import io.labfleet.sandbox.Sandbox;
import io.labfleet.sandbox.SandboxState;
import io.labfleet.support.ApiTest;
import io.labfleet.support.TestClock;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reaper's rules on the fake backend with the service's clock moved by the test: what expires, warns, idles out
 * and is declared stuck, and when, without a real engine and without sleeping (LifecycleIT proves the same
 * against real sandboxes).
 */
@QuarkusTest
class ExpiryReaperTest extends ApiTest {

    @Inject
    ExpiryReaper reaper;

    @Inject
    TestClock clock;

    @Inject
    LabfleetConfig config;

    private String tenant;

    @BeforeEach
    void aTenantOfItsOwn() {
        tenant = freshTenant("reap");
        tenantWithQuotas(tenant, 10, 10, 600);
    }

    @AfterEach
    void putTheClockBack() {
        clock.reset();
    }

    @Test
    void aReadySandboxInUseIsWarnedBeforeItExpiresThenTornDownWhenItHas() {
        String id = sandbox(SandboxState.READY, Duration.ofMinutes(60));

        assertThat(reaper.reap().warned()).doesNotContain(id);
        assertThat(row(id).state).isEqualTo(SandboxState.READY);

        clock.advance(Duration.ofMinutes(56));
        touch(id);
        ExpiryReaper.Pass warning = reaper.reap();
        assertThat(warning.warned()).contains(id);
        assertThat(warning.expired()).doesNotContain(id);
        assertThat(row(id).state).isEqualTo(SandboxState.EXPIRING);
        assertThat(row(id).reason).startsWith("Expires at ").endsWith("extend it to keep working.");

        clock.advance(Duration.ofMinutes(5));
        ExpiryReaper.Pass expiry = reaper.reap();
        assertThat(expiry.expired()).contains(id);
        assertThat(expiry.idle()).as("in use until then").doesNotContain(id);
        assertThat(row(id).state).isIn(SandboxState.TERMINATING, SandboxState.TERMINATED);
    }

    @Test
    void aSandboxWithoutActivityForTheIdleTimeoutIsTornDownWithTheReason() {
        String quiet = sandbox(SandboxState.READY, Duration.ofHours(4));
        String busy = sandbox(SandboxState.READY, Duration.ofHours(4));

        clock.advance(Duration.ofMinutes(31));
        touch(busy);
        ExpiryReaper.Pass pass = reaper.reap();

        assertThat(pass.idle()).contains(quiet).doesNotContain(busy);
        assertThat(row(busy).state).isEqualTo(SandboxState.READY);
        Sandbox torn = row(quiet);
        assertThat(torn.state).isIn(SandboxState.TERMINATING, SandboxState.TERMINATED);
    }

    @Test
    void provisioningThatOutlivesItsTimeoutFailsWithAReasonNamingTheSetting() {
        String id = sandbox(SandboxState.PROVISIONING, Duration.ofHours(4));

        clock.advance(config.sandbox().provisioningTimeout().minusSeconds(30));
        assertThat(reaper.reap().stuck()).doesNotContain(id);

        clock.advance(Duration.ofMinutes(1));
        assertThat(reaper.reap().stuck()).contains(id);
        Sandbox failed = row(id);
        assertThat(failed.state).isEqualTo(SandboxState.FAILED);
        assertThat(failed.reason).contains("labfleet.sandbox.provisioning-timeout");
    }

    /** A sandbox of the fake backend in {@code state}, made now, expiring after {@code lifetime}, active now. */
    private String sandbox(SandboxState state, Duration lifetime) {
        String id = "sb-reap-" + Long.toString(System.nanoTime(), 36);
        Instant now = clock.instant();
        QuarkusTransaction.requiringNew().run(() -> {
            Sandbox sandbox = new Sandbox();
            sandbox.id = id;
            sandbox.tenantId = tenant;
            sandbox.learnerId = "alice";
            sandbox.labId = "p3-container-lifecycle";
            sandbox.state = state;
            sandbox.backend = "fake";
            sandbox.createdAt = now;
            sandbox.updatedAt = now;
            sandbox.readyAt = state == SandboxState.READY ? now : null;
            sandbox.expiresAt = now.plus(lifetime);
            sandbox.lastActivityAt = now;
            sandbox.persist();
        });
        return id;
    }

    private void touch(String id) {
        QuarkusTransaction.requiringNew().run(() -> Sandbox.<Sandbox>findById(id).lastActivityAt = clock.instant());
    }

    private static Sandbox row(String id) {
        return QuarkusTransaction.requiringNew().call(() -> Sandbox.<Sandbox>findById(id));
    }
}
