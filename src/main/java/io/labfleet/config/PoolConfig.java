package io.labfleet.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;

/**
 * Warm pools ({@code labfleet.pool.*}): sandboxes started in advance per lab, with the lab's images and starting
 * state in place, handed over to creates at once. A lab's size comes from an admin's
 * {@code PUT /api/v1/pools/{labId}} (kept in the database) if any, else from {@link #size()}, else from its
 * {@code lab.yaml}'s {@code warmPool} (0 when absent).
 */
@ConfigMapping(prefix = "labfleet.pool")
public interface PoolConfig {

    /**
     * Pool size per lab, overriding the lab's {@code warmPool}: {@code labfleet.pool.size.<lab id>=3}. None by
     * default. A key naming a lab the catalogue does not have, or a size outside 0 to 100, stops the start-up.
     */
    Map<String, Integer> size();

    /**
     * Pooled (unclaimed) sandboxes held at once, all labs together, whatever the sizes add up to. They count against
     * this cap and never against a tenant's quota; a claimed sandbox counts against its tenant's quota instead.
     */
    @WithDefault("20")
    int maxTotal();

    /**
     * Pooled sandboxes being started at once, all labs together, so that filling the pools never takes every
     * provisioning slot ({@code labfleet.sandbox.provisioning-concurrency}) from learners' creates.
     */
    @WithDefault("2")
    int maxStarting();

    /**
     * Longest life of an unclaimed pooled sandbox: it is then torn down and replaced, so a learner never gets one
     * that waited for hours. Must be longer than {@code labfleet.lifecycle.expiry-warning}: only a sandbox that is
     * not within that warning is handed over, and the refiller replaces one as soon as it enters it.
     */
    @WithDefault("30m")
    Duration maxAge();

    /** How often the refiller brings every pool to its size (e.g. {@code 10s}); {@code off}: never (tests). */
    @WithDefault("10s")
    String refillInterval();
}
