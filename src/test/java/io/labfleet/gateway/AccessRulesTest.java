package io.labfleet.gateway;

import io.labfleet.sandbox.SandboxState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class AccessRulesTest {

    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

    private static SandboxRoute sandbox(SandboxState state, Instant expiresAt) {
        return new SandboxRoute("sb-abc", "acme", "alice", state, expiresAt, "172.18.0.2", 2375);
    }

    @Test
    void theOwnersKeyOpensAUsableSandbox() {
        assertThat(AccessRules.check("sb-abc", sandbox(SandboxState.READY, NOW.plusSeconds(60)), KeyOwnership.OWNER, NOW)).isEmpty();
        assertThat(AccessRules.check("sb-abc", sandbox(SandboxState.EXPIRING, NOW.plusSeconds(60)), KeyOwnership.OWNER, NOW)).isEmpty();
    }

    @Test
    void strangersLearnNothingAboutTheSandbox() {
        var unknownSandbox = AccessRules.check("sb-nope", null, KeyOwnership.UNKNOWN, NOW).orElseThrow();
        var unknownKey = AccessRules.check("sb-abc", sandbox(SandboxState.FAILED, NOW.plusSeconds(60)), KeyOwnership.UNKNOWN, NOW)
                .orElseThrow();
        var otherLearner = AccessRules.check("sb-abc", sandbox(SandboxState.READY, NOW.minusSeconds(1)),
                KeyOwnership.OTHER_LEARNER, NOW).orElseThrow();

        assertThat(unknownSandbox.reason()).isEqualTo(RefusalReason.UNKNOWN_SANDBOX);
        assertThat(unknownKey.reason()).isEqualTo(RefusalReason.UNKNOWN_KEY);
        assertThat(otherLearner.reason()).isEqualTo(RefusalReason.NOT_OWNER);
        assertThat(unknownKey.message()).doesNotContain("FAILED").isEqualTo(otherLearner.message())
                .contains("this key does not open sandbox sb-abc");
    }

    @ParameterizedTest
    @EnumSource(value = SandboxState.class, names = {"REQUESTED", "PROVISIONING", "TERMINATING", "TERMINATED", "FAILED"})
    void aSandboxThatIsNotUsableIsRefusedSayingItsState(SandboxState state) {
        var refusal = AccessRules.check("sb-abc", sandbox(state, NOW.plusSeconds(60)), KeyOwnership.OWNER, NOW).orElseThrow();
        assertThat(refusal.reason()).isEqualTo(RefusalReason.SANDBOX_NOT_READY);
        assertThat(refusal.message()).contains("sb-abc is " + state);
    }

    @Test
    void aSandboxPastItsExpiryIsRefusedEvenBeforeTheReaperCame() {
        var refusal = AccessRules.check("sb-abc", sandbox(SandboxState.READY, NOW), KeyOwnership.OWNER, NOW).orElseThrow();
        assertThat(refusal.reason()).isEqualTo(RefusalReason.SANDBOX_EXPIRED);
        assertThat(refusal.message()).contains("expired at 2026-11-28T10:00:00Z");
    }

    @Test
    void aChannelOpensOnlyWhileTheSandboxIsStillTheOneLoggedInto() {
        SandboxRoute atLogin = sandbox(SandboxState.READY, NOW.plusSeconds(60));
        assertThat(AccessRules.checkChannel(atLogin, sandbox(SandboxState.EXPIRING, NOW.plusSeconds(60)), NOW)).isEmpty();

        assertThat(AccessRules.checkChannel(atLogin, null, NOW).orElseThrow().message())
                .contains("sandbox sb-abc no longer exists");
        assertThat(AccessRules.checkChannel(atLogin, sandbox(SandboxState.TERMINATING, NOW.plusSeconds(60)), NOW)
                .orElseThrow().message()).contains("sb-abc is TERMINATING");
        assertThat(AccessRules.checkChannel(atLogin, sandbox(SandboxState.READY, NOW), NOW).orElseThrow().reason())
                .isEqualTo(RefusalReason.SANDBOX_EXPIRED);
        SandboxRoute readdressed = new SandboxRoute("sb-abc", "acme", "alice", SandboxState.READY, NOW.plusSeconds(60),
                "172.18.0.9", 2375);
        assertThat(AccessRules.checkChannel(atLogin, readdressed, NOW).orElseThrow().reason())
                .isEqualTo(RefusalReason.SANDBOX_MOVED);
    }
}
