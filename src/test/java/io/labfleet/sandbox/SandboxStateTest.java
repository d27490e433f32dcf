package io.labfleet.sandbox;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static io.labfleet.sandbox.SandboxState.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SandboxStateTest {

    @Test
    void followsTheDesignedLifecycle() {
        assertThat(REQUESTED.canMoveTo(PROVISIONING)).isTrue();
        assertThat(PROVISIONING.canMoveTo(READY)).isTrue();
        assertThat(READY.canMoveTo(EXPIRING)).isTrue();
        assertThat(EXPIRING.canMoveTo(READY)).as("extending an expiring sandbox").isTrue();
        assertThat(EXPIRING.canMoveTo(TERMINATING)).isTrue();
        assertThat(TERMINATING.canMoveTo(TERMINATED)).isTrue();
    }

    @Test
    void failsFromAnyStateThatIsNotFinal() {
        for (SandboxState state : values()) {
            assertThat(state.canMoveTo(FAILED)).as(state + " -> FAILED").isEqualTo(!state.isFinal());
        }
    }

    @Test
    void neverSkipsOrGoesBack() {
        assertThat(REQUESTED.canMoveTo(READY)).isFalse();
        assertThat(READY.canMoveTo(PROVISIONING)).isFalse();
        assertThat(READY.canMoveTo(TERMINATED)).as("teardown goes through TERMINATING").isFalse();
        assertThat(TERMINATING.canMoveTo(TERMINATING)).isFalse();
        assertThat(TERMINATED.canMoveTo(TERMINATING)).isFalse();
        assertThat(FAILED.canMoveTo(READY)).isFalse();
    }

    @Test
    void recordsWhenAndWhyAndRefusesIllegalMoves() {
        Sandbox sandbox = new Sandbox();
        sandbox.id = "sb-test";
        sandbox.state = PROVISIONING;
        Instant now = Instant.parse("2026-11-28T10:00:00Z");

        sandbox.moveTo(READY, "Its Docker daemon answers.", now);

        assertThat(sandbox.readyAt).isEqualTo(now);
        assertThat(sandbox.reason).isEqualTo("Its Docker daemon answers.");
        assertThatThrownBy(() -> sandbox.moveTo(TERMINATED, "x", now))
                .isInstanceOf(IllegalStateTransitionException.class).hasMessageContaining("READY and cannot become TERMINATED");
    }

    @Test
    void keepsLongReasonsWithinTheColumn() {
        Sandbox sandbox = new Sandbox();
        sandbox.state = PROVISIONING;
        sandbox.moveTo(FAILED, "x".repeat(5000), Instant.EPOCH);
        assertThat(sandbox.reason).hasSize(Sandbox.MAX_REASON_LENGTH);
        assertThat(sandbox.terminatedAt).isEqualTo(Instant.EPOCH);
    }
}
