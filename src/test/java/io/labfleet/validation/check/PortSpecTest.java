package io.labfleet.validation.check;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PortSpecTest {

    /** What the daemon records for `-p 8080:80`, `--publish published=8080,target=80` and compose "8080:80" alike. */
    private static final PublishedPort ANY_8080_TO_80 = new PublishedPort(80, "tcp", null, 8080);

    @Test
    void readsTheShortSyntax() {
        assertThat(PortSpec.parse("8080:80")).isEqualTo(new PortSpec(null, 8080, 80, "tcp"));
        assertThat(PortSpec.parse("127.0.0.1:8080:80/udp")).isEqualTo(new PortSpec("127.0.0.1", 8080, 80, "udp"));
        assertThat(PortSpec.parse("0.0.0.0:8080:80")).isEqualTo(new PortSpec(null, 8080, 80, "tcp"));
        assertThat(PortSpec.parse("[::1]:8080:80")).isEqualTo(new PortSpec("::1", 8080, 80, "tcp"));
        assertThat(PortSpec.parse("80")).isEqualTo(new PortSpec(null, null, 80, "tcp"));
        assertThat(PortSpec.parse(80)).isEqualTo(new PortSpec(null, null, 80, "tcp"));
    }

    @Test
    void readsComposeLongSyntax() {
        assertThat(PortSpec.parse(Map.of("published", 8080, "target", 80))).isEqualTo(new PortSpec(null, 8080, 80, "tcp"));
        assertThat(PortSpec.parse(Map.of("target", 53, "protocol", "udp", "host_ip", "127.0.0.1")))
                .isEqualTo(new PortSpec("127.0.0.1", null, 53, "udp"));
    }

    @Test
    void refusesWhatItCannotMatch() {
        assertThatThrownBy(() -> PortSpec.parse("8000-8001:80-81")).hasMessageContaining("ranges");
        assertThatThrownBy(() -> PortSpec.parse("99999:80")).hasMessageContaining("not a port");
        assertThatThrownBy(() -> PortSpec.parse("8080:80/icmp")).hasMessageContaining("protocol");
        assertThatThrownBy(() -> PortSpec.parse(Map.of("published", 8080))).hasMessageContaining("target");
        assertThatThrownBy(() -> PortSpec.parse(Map.of("target", 80, "mode", "host"))).hasMessageContaining("mode");
    }

    @Test
    void matchesTheBindingWhateverSyntaxMadeIt() {
        assertThat(PortSpec.parse("8080:80").matches(ANY_8080_TO_80)).isTrue();
        assertThat(PortSpec.parse(Map.of("published", 8080, "target", 80)).matches(ANY_8080_TO_80)).isTrue();
        assertThat(PortSpec.parse("80").matches(ANY_8080_TO_80)).as("any host port").isTrue();
        assertThat(PortSpec.parse("8080:80").matches(new PublishedPort(80, "tcp", "127.0.0.1", 8080)))
                .as("bound to one address is still published on 8080").isTrue();
    }

    @Test
    void rejectsAnotherPortProtocolOrAddress() {
        assertThat(PortSpec.parse("8081:80").matches(ANY_8080_TO_80)).isFalse();
        assertThat(PortSpec.parse("8080:8080").matches(ANY_8080_TO_80)).as("swapped ports").isFalse();
        assertThat(PortSpec.parse("8080:80/udp").matches(ANY_8080_TO_80)).isFalse();
        assertThat(PortSpec.parse("127.0.0.1:8080:80").matches(ANY_8080_TO_80))
                .as("asked for localhost only, published everywhere").isFalse();
        assertThat(PortSpec.parse("8080:80").matches(new PublishedPort(80, "tcp", null, null)))
                .as("host port not chosen yet").isFalse();
    }

    @Test
    void anyAddressHasSeveralSpellings() {
        assertThat(PortSpec.anyAddress("")).isTrue();
        assertThat(PortSpec.anyAddress("0.0.0.0")).isTrue();
        assertThat(PortSpec.anyAddress("::")).isTrue();
        assertThat(PortSpec.anyAddress("127.0.0.1")).isFalse();
    }
}
