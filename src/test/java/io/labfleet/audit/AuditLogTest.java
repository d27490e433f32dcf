package io.labfleet.audit;

import io.labfleet.security.Caller;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class AuditLogTest {

    static final AuditTarget ALICES_SANDBOX = AuditTarget.sandbox("sb-1", "acme", "alice-id", "alice");

    @Test
    void actingOnSomeoneElsesSandboxIsAuditedActingOnYourOwnIsNot() {
        assertThat(AuditLog.isAudited(new Caller("acme", "irene-id", "irene", Set.of("instructor")), ALICES_SANDBOX)).isTrue();
        assertThat(AuditLog.isAudited(new Caller(null, "ada-id", "ada", Set.of("admin")), ALICES_SANDBOX)).isTrue();
        assertThat(AuditLog.isAudited(new Caller("acme", "alice-id", "alice", Set.of("learner")), ALICES_SANDBOX)).isFalse();
    }

    @Test
    void theNameOfTheOwnerDoesNotMakeSomeoneTheOwner() {
        assertThat(AuditLog.isAudited(new Caller("acme", "someone-else", "alice", Set.of("instructor")), ALICES_SANDBOX)).isTrue();
    }

    @Test
    void theActingRoleIsTheStrongestHeld() {
        assertThat(AuditLog.actingRole(new Caller("acme", "x", "x", Set.of("instructor", "admin")))).isEqualTo("admin");
        assertThat(AuditLog.actingRole(new Caller("acme", "x", "x", Set.of("learner", "instructor")))).isEqualTo("instructor");
        assertThat(AuditLog.actingRole(new Caller("acme", "x", "x", Set.of("learner")))).isEqualTo("learner");
    }
}
