package io.labfleet.gateway;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.KeyPair;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Quarkus dev mode restarts the application on every change with a new class loader for the application's
 * classes, while libraries (MINA, Bouncy Castle) keep theirs, and with them MINA's memory that it registered the
 * "BC" provider. The gateway stopping and starting again in one JVM, with the same library classes, must still
 * read its host key: it failed with "no such provider: BC" once the stop had taken the provider away.
 */
class GatewayRestartTest {

    @Test
    void theHostKeyStillLoadsAfterTheGatewayStoppedAndStartedAgainInTheSameJvm(@TempDir Path dir) {
        Path file = dir.resolve("ssh_host_ed25519_key");
        BouncyCastleProviders.beforeStart();
        KeyPair first = HostKeyStore.loadOrCreate(file);
        BouncyCastleProviders.afterStop();

        BouncyCastleProviders.beforeStart();
        KeyPair again = HostKeyStore.loadOrCreate(file);
        BouncyCastleProviders.afterStop();

        assertThat(HostKeyStore.publicKeyLine(again)).isEqualTo(HostKeyStore.publicKeyLine(first));
    }
}
