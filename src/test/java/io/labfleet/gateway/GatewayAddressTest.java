package io.labfleet.gateway;

import io.labfleet.config.GatewayConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A replica that serves only the API (gateway disabled, or not bound yet) still hands out the gateway's address and key. */
class GatewayAddressTest {

    private static GatewayConfig config(Path keyFile, Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(GatewayConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withDefaultValue("labfleet.gateway.host-key-path", keyFile.toString())
                .withSources(new PropertiesConfigSource(properties, "test", 500)).build();
        return config.getConfigMapping(GatewayConfig.class);
    }

    @Test
    void aDisabledGatewayStillHasItsPublicAddressAndAHostKeyOnDisk(@TempDir Path dir) {
        Path keyFile = dir.resolve("gateway/ssh_host_ed25519_key");
        GatewayAddress address = new GatewayAddress(config(keyFile, Map.of("labfleet.gateway.enabled", "false",
                "labfleet.gateway.public-host", "labs.example.org", "labfleet.gateway.public-port", "0")));

        assertThat(address.host()).isEqualTo("labs.example.org");
        assertThat(address.port()).as("the configured listening port while nothing is bound").isEqualTo(2222);
        assertThat(address.hostKeyLine()).startsWith("ssh-ed25519 AAAA");
        assertThat(Files.exists(keyFile)).isTrue();
        assertThat(new GatewayAddress(config(keyFile, Map.of())).hostKeyLine())
                .as("another replica reads the same key").isEqualTo(address.hostKeyLine());
    }

    @Test
    void thePublicPortIsTheBoundOneOnlyWhenNoneIsConfigured(@TempDir Path dir) {
        GatewayAddress unset = new GatewayAddress(config(dir.resolve("key"), Map.of("labfleet.gateway.public-port", "0",
                "labfleet.gateway.port", "0")));
        unset.bound(40222);
        assertThat(unset.port()).isEqualTo(40222);

        GatewayAddress configured = new GatewayAddress(config(dir.resolve("key"), Map.of("labfleet.gateway.public-port", "443")));
        configured.bound(40222);
        assertThat(configured.port()).isEqualTo(443);
    }
}
