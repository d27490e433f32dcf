package io.labfleet.gateway;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;

import static org.assertj.core.api.Assertions.assertThat;

class HostKeyStoreTest {

    @Test
    void theKeyIsMadeOnceKeptPrivateAndReadAsOpenSshDoes(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys/ssh_host_ed25519_key");

        KeyPair first = HostKeyStore.loadOrCreate(file);
        KeyPair again = HostKeyStore.loadOrCreate(file);

        assertThat(HostKeyStore.publicKeyLine(first)).startsWith("ssh-ed25519 AAAA");
        assertThat(HostKeyStore.publicKeyLine(again)).as("kept across restarts").isEqualTo(HostKeyStore.publicKeyLine(first));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file)).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----");
        Process keygen = new ProcessBuilder("ssh-keygen", "-y", "-f", file.toString()).redirectErrorStream(true).start();
        String derived = new String(keygen.getInputStream().readAllBytes()).strip();
        assertThat(keygen.waitFor()).isZero();
        assertThat(derived).startsWith(HostKeyStore.publicKeyLine(first));
        try (var left = Files.list(file.getParent())) {
            assertThat(left).as("no temporary file left").containsExactly(file);
        }
    }
}
