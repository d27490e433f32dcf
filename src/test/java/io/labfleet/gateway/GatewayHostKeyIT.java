package io.labfleet.gateway;

import io.labfleet.config.GatewayConfig;
import io.labfleet.support.Processes;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's host key on disk, checked with OpenSSH's ssh-keygen. A {@code @QuarkusTest}: Bouncy Castle is
 * registered once per JVM, by whichever class loader comes first, and keys must come from the same loader as
 * the gateway's code.
 */
@Tag("quarkus")
@QuarkusTest
class GatewayHostKeyIT {

    @Inject
    GatewayAddress address;

    @Inject
    GatewayConfig config;

    @Test
    void theRunningGatewayServesTheKeyOfItsPrivateKeyFile() {
        Path file = config.hostKeyPath();
        assertThat(permissions(file)).isEqualTo("rw-------");
        assertThat(publicHalfByOpenSsh(file)).startsWith(address.hostKeyLine());
    }

    @Test
    void aKeyIsMadeOnceAndReadAgainAfterARestart(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys/ssh_host_ed25519_key");

        KeyPair first = HostKeyStore.loadOrCreate(file);
        KeyPair again = HostKeyStore.loadOrCreate(file);

        assertThat(HostKeyStore.publicKeyLine(first)).startsWith("ssh-ed25519 AAAA");
        assertThat(HostKeyStore.publicKeyLine(again)).isEqualTo(HostKeyStore.publicKeyLine(first));
        assertThat(permissions(file)).isEqualTo("rw-------");
        assertThat(Files.readString(file)).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----");
        assertThat(publicHalfByOpenSsh(file)).startsWith(HostKeyStore.publicKeyLine(first));
        try (var left = Files.list(file.getParent())) {
            assertThat(left).as("no temporary file left").containsExactly(file);
        }
    }

    private static String permissions(Path file) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String publicHalfByOpenSsh(Path file) {
        return Processes.run(List.of("ssh-keygen", "-y", "-f", file.toString()), Map.of(), Duration.ofSeconds(30))
                .assertSuccess().stdout().strip();
    }
}
