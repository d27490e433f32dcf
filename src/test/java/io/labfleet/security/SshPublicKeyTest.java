package io.labfleet.security;

import io.labfleet.support.SshKeygen;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SshPublicKeyTest {

    @ParameterizedTest
    @CsvSource({"ed25519,,ssh-ed25519,256", "ecdsa,256,ecdsa-sha2-nistp256,256", "ecdsa,384,ecdsa-sha2-nistp384,384",
            "ecdsa,521,ecdsa-sha2-nistp521,521", "rsa,2048,ssh-rsa,2048", "rsa,3072,ssh-rsa,3072"})
    void acceptsKeysMadeBySshKeygenWithTheirFingerprint(String type, Integer bits, String expectedType, int expectedBits) {
        Path key = SshKeygen.generate(type, bits);
        Path pub = key.resolveSibling(key.getFileName() + ".pub");

        SshPublicKey parsed = SshPublicKey.parse(SshKeygen.read(pub));

        assertThat(parsed.type()).isEqualTo(expectedType);
        assertThat(parsed.bits()).isEqualTo(expectedBits);
        assertThat(parsed.comment()).isEqualTo("test@labfleet");
        assertThat(parsed.fingerprint()).isEqualTo(SshKeygen.fingerprint(pub));
    }

    @Test
    void refusesShortRsaKeysSayingWhy() {
        String weak = SshKeygen.publicKey("rsa", 1024);
        assertThatThrownBy(() -> SshPublicKey.parse(weak))
                .isInstanceOf(InvalidSshKeyException.class).hasMessageContaining("at least 2048 bits").hasMessageContaining("1024");
    }

    @Test
    void refusesPrivateKeysWithAWarning() {
        String privateKey = SshKeygen.read(SshKeygen.generate("ed25519", null));
        assertThatThrownBy(() -> SshPublicKey.parse(privateKey)).hasMessageContaining("PRIVATE key");
    }

    @Test
    void refusesOtherAlgorithmsAndNamesTheAcceptedOnes() {
        assertThatThrownBy(() -> SshPublicKey.parse("ssh-dss AAAAB3NzaC1kc3MAAACBAP== me"))
                .hasMessageContaining("'ssh-dss' is not accepted").hasMessageContaining("ssh-ed25519");
    }

    @Test
    void refusesDataThatDoesNotMatchTheDeclaredType() {
        String ed25519 = SshKeygen.publicKey("ed25519", null).split(" ")[1];
        assertThatThrownBy(() -> SshPublicKey.parse("ssh-rsa " + ed25519))
                .hasMessageContaining("says it is 'ssh-rsa' but its data is 'ssh-ed25519'");
    }

    @Test
    void refusesTruncatedOrGarbledKeys() {
        String full = SshKeygen.publicKey("ed25519", null).split(" ")[1];
        byte[] blob = Base64.getDecoder().decode(full);
        String truncated = Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(blob, blob.length - 5));
        assertThatThrownBy(() -> SshPublicKey.parse("ssh-ed25519 " + truncated)).isInstanceOf(InvalidSshKeyException.class);
        assertThatThrownBy(() -> SshPublicKey.parse("ssh-ed25519 not*base64")).hasMessageContaining("base64");
        assertThatThrownBy(() -> SshPublicKey.parse("   ")).hasMessageContaining("empty");
        assertThatThrownBy(() -> SshPublicKey.parse("ssh-ed25519")).hasMessageContaining("Expected");
    }
}
