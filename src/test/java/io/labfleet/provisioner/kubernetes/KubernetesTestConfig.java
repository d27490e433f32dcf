package io.labfleet.provisioner.kubernetes;

import io.labfleet.config.KubernetesConfig;
import io.labfleet.provisioner.ResourceLimits;
import io.labfleet.provisioner.SandboxSpec;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The backend's real configuration mapping with its real defaults, built without Quarkus, and sample specs. */
final class KubernetesTestConfig {

    static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
    static final long GIB = 1L << 30;

    private KubernetesTestConfig() {
    }

    static KubernetesConfig defaults() {
        return with(Map.of());
    }

    /** The defaults with some keys overridden, e.g. {@code labfleet.kubernetes.isolation=sysbox}. */
    static KubernetesConfig with(Map<String, String> overrides) {
        return new SmallRyeConfigBuilder()
                .withMapping(KubernetesConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(overrides, "test", 500))
                .build()
                .getConfigMapping(KubernetesConfig.class);
    }

    /** A sandbox of 1 GiB, one core and 2048 processes, expiring in an hour, extensible to four. */
    static SandboxSpec spec(String sandboxId, String tenantId, String learnerId) {
        return spec(sandboxId, tenantId, learnerId, 5);
    }

    static SandboxSpec spec(String sandboxId, String tenantId, String learnerId, int tenantMaxActiveSandboxes) {
        return new SandboxSpec(sandboxId, tenantId, learnerId, "p3-container-lifecycle", NOW.plus(Duration.ofHours(1)),
                new ResourceLimits(GIB, 1000, 2048), List.of("busybox:latest"), NOW.plus(Duration.ofHours(4)),
                tenantMaxActiveSandboxes);
    }
}
