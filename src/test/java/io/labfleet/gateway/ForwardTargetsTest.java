package io.labfleet.gateway;

import io.labfleet.sandbox.SandboxState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ForwardTargetsTest {

    private static final SandboxRoute SANDBOX = new SandboxRoute("sb-abc", "acme", "alice", SandboxState.READY,
            Instant.MAX, "172.18.0.2", 2375);

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "LOCALHOST", "127.0.0.1", "::1", "0.0.0.0", "sb-abc", "172.18.0.2"})
    void theSandboxItselfLeadsToTheSamePortOnItsAddress(String host) {
        assertThat(ForwardTargets.resolve(host, 8080, SANDBOX)).contains(new ForwardTargets.Target("172.18.0.2", 8080));
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.2", "sb-other", "172.18.0.3", "db", "labs.example.org", "10.0.0.1"})
    void everythingElseIsRefused(String host) {
        assertThat(ForwardTargets.resolve(host, 80, SANDBOX)).isEmpty();
    }

    @Test
    void portsOutsideTheTcpRangeAreRefused() {
        assertThat(ForwardTargets.resolve("localhost", 0, SANDBOX)).isEmpty();
        assertThat(ForwardTargets.resolve("localhost", 65536, SANDBOX)).isEmpty();
    }
}
