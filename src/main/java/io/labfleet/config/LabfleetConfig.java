package io.labfleet.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Service-wide settings under {@code labfleet.*}. Every key is listed, with its default, in the README.
 */
@ConfigMapping(prefix = "labfleet")
public interface LabfleetConfig {

    Sandbox sandbox();

    Tenants tenants();

    Security security();

    DevLogin devLogin();

    Labs labs();

    Provisioner provisioner();

    interface Sandbox {
        /** Lifetime given to a sandbox when neither the request nor the lab says otherwise. */
        @WithDefault("60m")
        Duration defaultTtl();

        /** How long provisioning may take before the sandbox is marked FAILED and cleaned up. */
        @WithDefault("3m")
        Duration provisioningTimeout();

        /** Sandboxes provisioned or torn down at the same time by one replica. */
        @WithDefault("4")
        int provisioningConcurrency();

        /** Memory limit of one sandbox (its daemon and every container the learner runs in it). */
        @WithDefault("1g")
        io.quarkus.runtime.configuration.MemorySize memory();

        /** CPU limit of one sandbox, in thousandths of a core. */
        @WithDefault("1000")
        long milliCpus();

        /** Process limit of one sandbox. */
        @WithDefault("2048")
        long pids();

        /**
         * Disk a sandbox may use: its engine's images, containers, volumes and logs, and the files of its shells.
         * Where the backend cannot enforce a size (Docker volumes on most file systems), the reconciler measures
         * it on every pass and a sandbox found above it ends FAILED, saying so.
         */
        @WithDefault("10g")
        io.quarkus.runtime.configuration.MemorySize disk();

        /**
         * Event streams ({@code /api/v1/sandboxes/{id}/events}) one caller may hold open at once on one replica;
         * one more is refused (429) until one closes. Each open stream holds a connection and a database poll.
         */
        @WithDefault("10")
        int maxEventStreamsPerLearner();
    }

    interface Tenants {
        /**
         * Whether a tenant named by a valid token but unknown to the database is registered on first
         * use with the default quotas below. When false, such callers get 403 until an admin creates it.
         */
        @WithDefault("true")
        boolean autoRegister();

        /** Default quota: sandboxes alive at once in one tenant. */
        @WithDefault("50")
        int defaultMaxActiveSandboxes();

        /** Default quota: sandboxes alive at once for one learner. */
        @WithDefault("2")
        int defaultMaxSandboxesPerLearner();

        /** Default quota: longest lifetime of a sandbox, extensions included. */
        @WithDefault("4h")
        Duration defaultMaxLifetime();
    }

    interface Security {
        /** Token claim that carries the caller's tenant. */
        @WithDefault("tenant")
        String tenantClaim();

        /**
         * Verified bearer tokens whose identity is kept, so that a client's next request with the same token is not
         * verified again (until the token expires, never longer); 0 turns the cache off. An entry takes a few KiB.
         * A negative value stops the service at start-up.
         */
        @WithDefault("1000")
        @Min(0)
        int tokenCacheSize();
    }

    interface DevLogin {
        /**
         * HTTP Basic login from a properties file, for the embedded developer setup only. The service
         * refuses to start in production with it enabled.
         */
        @WithDefault("false")
        boolean enabled();

        /** Users file: {@code <user>.password}, {@code <user>.tenant}, {@code <user>.roles} (comma separated). */
        Optional<Path> usersFile();
    }

    interface Labs {
        /** Folder holding one sub-folder per lab. */
        @WithDefault("labs")
        Path directory();
    }

    interface Provisioner {
        /** Backend that runs sandboxes: {@code docker} or {@code kubernetes}. */
        @WithDefault("docker")
        String backend();
    }
}
