package io.labfleet.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KnownHostsTest {

    private static final String GATEWAY = "[localhost]:2222 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";

    @Test
    void addsTheLineOnceAndKeepsWhatWasThere() {
        String own = "github.com ssh-ed25519 AAAAC3Nza...\n|1|hashed= ssh-rsa AAAA";

        String once = KnownHosts.withLine(own, GATEWAY);

        assertThat(once).isEqualTo(own + "\n" + GATEWAY + "\n");
        assertThat(KnownHosts.withLine(once, GATEWAY + "\n")).isEqualTo(once);
        assertThat(KnownHosts.withLine("", GATEWAY)).isEqualTo(GATEWAY + "\n");
    }
}
