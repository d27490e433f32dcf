package io.labfleet.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Validation runs and the check engine ({@code labfleet.validation.*}). */
@ConfigMapping(prefix = "labfleet.validation")
public interface ValidationConfig {

    /** Validation runs one replica works on at the same time; more wait, queued in the database. */
    @WithDefault("4")
    int concurrency();

    /**
     * Longest time one check may take; a check that takes longer ends ERROR and the run goes on. Also the longest
     * wait for one answer of a sandbox's daemon, from the request to its last byte.
     */
    @WithDefault("20s")
    Duration checkTimeout();

    /**
     * Largest answer read from a sandbox's daemon (any server the learner put on its port); a larger one fails the
     * request and the check that made it ends ERROR.
     */
    @WithDefault("8M")
    MemorySize maxResponseSize();

    /**
     * Longest time a run may take: the checks not yet run when it is spent end ERROR and the worker is free again.
     * A run still RUNNING a check timeout later is taken for abandoned by a dead replica (crashed, killed) and any
     * replica marks it ERROR, so no run stays RUNNING for ever.
     */
    @WithDefault("5m")
    Duration runTimeout();

    /** How often each replica looks for queued runs nobody works on, and for abandoned ones. */
    @WithDefault("5s")
    Duration sweepInterval();

    /** Image of the short-lived containers probes run in the sandbox (it must have sh, wget, nc, nslookup). */
    @WithDefault("busybox:latest")
    String helperImage();

    /** How long a probe waits for an answer from inside the sandbox. */
    @WithDefault("5s")
    Duration probeTimeout();

    /**
     * This replica's name in {@code validation_run.claimed_by}. Must differ between replicas running at the same
     * time and stay the same across a restart of one (the pod name does both); default: the host name.
     */
    Optional<String> replicaId();
}
