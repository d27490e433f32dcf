package io.labfleet.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** The expiry reaper and the reconciler ({@code labfleet.lifecycle.*}). */
@ConfigMapping(prefix = "labfleet.lifecycle")
public interface LifecycleConfig {

    /** How often the reaper runs (e.g. {@code 15s}); {@code off} runs it only at start-up. */
    @WithDefault("15s")
    String reapInterval();

    /**
     * How often the reconciler compares the backend with the database (e.g. {@code 1m}); {@code off} runs it
     * only at start-up.
     */
    @WithDefault("1m")
    String reconcileInterval();

    /** How long before its expiry a sandbox becomes EXPIRING, so frontends warn the learner, who may extend it. */
    @WithDefault("5m")
    Duration expiryWarning();

    /** A sandbox without SSH or Docker activity for this long is torn down; {@code 0} disables the idle timeout. */
    @WithDefault("30m")
    Duration idleTimeout();

    /**
     * A sandbox without SSH or Docker activity for this long, and in which none of the learner's containers runs, is
     * suspended: its Docker engine is stopped, everything in it kept, so that it holds no memory, and the learner's
     * next command, check or terminal wakes it (a few seconds). {@code 0} disables it; shorter than the idle timeout
     * to matter. Only on backends that can suspend (Docker).
     */
    @WithDefault("10m")
    Duration suspendAfter();

    /**
     * How long a REQUESTED sandbox may wait for a worker before the reaper hands it to one again (its first
     * worker may have died with a replica).
     */
    @WithDefault("30s")
    Duration requestedGrace();

    /** How long a TERMINATING sandbox may stay so before its teardown is tried again (it failed, or a replica died). */
    @WithDefault("1m")
    Duration teardownRetryAfter();

    /**
     * Names this replica in the claims it holds on sandboxes it provisions or tears down; the host name when
     * unset. It must stay the same across restarts of one replica (a pod's name does) and differ between replicas
     * running at once: a replica that starts takes over at once what it held before it stopped.
     */
    Optional<String> replicaName();

    /**
     * How long a replica's claim on a sandbox it is working on holds without being renewed (renewed every third
     * of it). When a replica dies, another takes its work over once its claims lapse.
     */
    @WithDefault("15s")
    Duration claimLease();
}
