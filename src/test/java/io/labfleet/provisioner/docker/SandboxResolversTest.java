package io.labfleet.provisioner.docker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SandboxResolversTest {

    @TempDir
    Path dir;

    @Test
    void theConfiguredServersWin() throws IOException {
        Path conf = resolvConf("nameserver 10.0.0.2\n");

        assertThat(SandboxResolvers.of(Optional.of(List.of("192.0.2.53")), conf)).containsExactly("192.0.2.53");
    }

    @Test
    void byDefaultTheHostsOwnNonLoopbackServers() throws IOException {
        Path conf = resolvConf("# managed\nsearch example.org\nnameserver 127.0.0.53\nnameserver 10.255.255.53\n"
                + "nameserver fd00::53\noptions edns0\n");

        assertThat(SandboxResolvers.of(Optional.empty(), conf)).containsExactly("10.255.255.53", "fd00::53");
    }

    @Test
    void aHostWithOnlyALoopbackResolverGivesSandboxesOneThatAnswersNothingNeverAPublicOne() throws IOException {
        assertThat(SandboxResolvers.of(Optional.empty(), resolvConf("nameserver 127.0.0.53\n")))
                .containsExactly("127.0.0.1");
        assertThat(SandboxResolvers.of(Optional.empty(), dir.resolve("absent"))).containsExactly("127.0.0.1");
    }

    @Test
    void aConfiguredNameIsRefusedWithoutBeingLookedUp() {
        assertThatThrownBy(() -> SandboxResolvers.of(Optional.of(List.of("dns.example.org")), dir.resolve("x")))
                .hasMessageContaining("labfleet.docker.dns=dns.example.org is not an IP address");
        assertThatThrownBy(() -> SandboxResolvers.of(Optional.of(List.of("999.1.1.1")), dir.resolve("x")))
                .hasMessageContaining("is not an IP address");
    }

    private Path resolvConf(String text) throws IOException {
        return Files.writeString(dir.resolve("resolv.conf"), text);
    }
}
