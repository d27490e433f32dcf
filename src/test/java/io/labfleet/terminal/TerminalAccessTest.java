package io.labfleet.terminal;

import io.labfleet.gateway.SandboxRoute;
import io.labfleet.sandbox.SandboxState;
import io.labfleet.security.Caller;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class TerminalAccessTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final SandboxRoute ALICES = new SandboxRoute("sb-a", "acme", "alice", SandboxState.READY,
            NOW.plusSeconds(3600), "10.0.0.2", 2375);

    private static Caller caller(String tenant, String subject, String... roles) {
        return new Caller(tenant, subject, subject, Set.of(roles));
    }

    private static Optional<Integer> code(Caller holder, SandboxRoute sandbox, TerminalMode mode) {
        return TerminalAccess.check(holder, "sb-a", sandbox, mode, NOW).map(TerminalRefusal::code);
    }

    @Test
    void onlyTheLearnerTypesAndOnlyTheTenantsInstructorsAndAdminsWatch() {
        Caller alice = caller("acme", "alice", "learner");
        Caller bob = caller("acme", "bob", "learner");
        Caller ines = caller("acme", "ines", "instructor");
        Caller olga = caller("globex", "olga", "instructor");
        Caller root = caller(null, "root", "admin");

        assertThat(code(alice, ALICES, TerminalMode.INTERACTIVE)).isEmpty();
        assertThat(code(alice, ALICES, TerminalMode.WATCH)).contains(TerminalRefusal.FORBIDDEN);
        assertThat(code(bob, ALICES, TerminalMode.INTERACTIVE)).contains(TerminalRefusal.NOT_FOUND);
        assertThat(code(bob, ALICES, TerminalMode.WATCH)).contains(TerminalRefusal.NOT_FOUND);
        assertThat(code(ines, ALICES, TerminalMode.WATCH)).isEmpty();
        assertThat(code(ines, ALICES, TerminalMode.INTERACTIVE)).contains(TerminalRefusal.FORBIDDEN);
        assertThat(code(olga, ALICES, TerminalMode.WATCH)).contains(TerminalRefusal.NOT_FOUND);
        assertThat(code(root, ALICES, TerminalMode.WATCH)).isEmpty();
        assertThat(code(root, ALICES, TerminalMode.INTERACTIVE)).contains(TerminalRefusal.FORBIDDEN);
        assertThat(code(caller("globex", "alice", "learner"), ALICES, TerminalMode.INTERACTIVE))
                .as("the same subject in another tenant is someone else").contains(TerminalRefusal.NOT_FOUND);
        assertThat(code(alice, null, TerminalMode.INTERACTIVE)).contains(TerminalRefusal.NOT_FOUND);
    }

    @Test
    void aSandboxThatIsNotUsableOpensNoTerminalAndClosesOpenOnes() {
        Caller alice = caller("acme", "alice", "learner");
        SandboxRoute starting = new SandboxRoute("sb-a", "acme", "alice", SandboxState.PROVISIONING, NOW.plusSeconds(60), null, null);
        SandboxRoute expired = new SandboxRoute("sb-a", "acme", "alice", SandboxState.READY, NOW.minusSeconds(1), "10.0.0.2", 2375);
        SandboxRoute moved = new SandboxRoute("sb-a", "acme", "alice", SandboxState.READY, NOW.plusSeconds(60), "10.0.0.9", 2375);

        Optional<TerminalRefusal> refusal = TerminalAccess.check(alice, "sb-a", starting, TerminalMode.INTERACTIVE, NOW);
        assertThat(refusal).map(TerminalRefusal::code).contains(TerminalRefusal.SANDBOX_UNUSABLE);
        assertThat(refusal.orElseThrow().reason()).isEqualTo("sandbox sb-a is PROVISIONING: it is still starting; try again in a few seconds.");
        assertThat(TerminalAccess.check(alice, "sb-a", expired, TerminalMode.INTERACTIVE, NOW)).isPresent();
        assertThat(TerminalAccess.checkOpen(ALICES, ALICES, NOW)).isEmpty();
        assertThat(TerminalAccess.checkOpen(ALICES, moved, NOW)).isPresent();
        assertThat(TerminalAccess.checkOpen(ALICES, null, NOW)).isPresent();
    }

    @Test
    void aCloseReasonFitsTheFramesHundredAndTwentyThreeBytes() {
        String long_ = "é".repeat(100);
        String fitted = new TerminalRefusal(4409, long_).reason();
        assertThat(fitted.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(123);
        assertThat(fitted).startsWith("éé").endsWith("…");
        assertThat(new TerminalRefusal(4409, "short").reason()).isEqualTo("short");
    }

    @Test
    void aLateWatcherIsShownTheLatestBytesOnly() {
        Scrollback scrollback = new Scrollback(8);
        scrollback.append("hello ".getBytes(StandardCharsets.UTF_8), 0, 6);
        assertThat(new String(scrollback.snapshot(), StandardCharsets.UTF_8)).isEqualTo("hello ");
        byte[] more = "world, again".getBytes(StandardCharsets.UTF_8);
        scrollback.append(more, 0, more.length);
        assertThat(new String(scrollback.snapshot(), StandardCharsets.UTF_8)).isEqualTo("d, again");
        scrollback.append("!".getBytes(StandardCharsets.UTF_8), 0, 1);
        assertThat(new String(scrollback.snapshot(), StandardCharsets.UTF_8)).isEqualTo(", again!");
    }
}
