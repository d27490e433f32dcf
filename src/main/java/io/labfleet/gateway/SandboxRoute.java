package io.labfleet.gateway;

import io.labfleet.sandbox.Sandbox;
import io.labfleet.sandbox.SandboxState;

import java.time.Instant;

/**
 * What the gateway needs to know about one sandbox, read once when a learner authenticates: whose it is,
 * whether it can be used, where its Docker daemon listens (a private address only the service reaches), whether it
 * is suspended (to be woken before a channel opens), whether its lab's images are still going in (waited for before a
 * channel opens) and when it was last used (to keep it from being suspended).
 */
public record SandboxRoute(String sandboxId, String tenantId, String learnerId, SandboxState state, Instant expiresAt,
                           String daemonHost, Integer daemonPort, boolean suspended, boolean imagesPending,
                           Instant lastActivityAt) {

    /** A sandbox that is not suspended, with its images in, of unknown last use. */
    public SandboxRoute(String sandboxId, String tenantId, String learnerId, SandboxState state, Instant expiresAt,
                        String daemonHost, Integer daemonPort) {
        this(sandboxId, tenantId, learnerId, state, expiresAt, daemonHost, daemonPort, false, false, null);
    }

    static SandboxRoute of(Sandbox sandbox) {
        return new SandboxRoute(sandbox.id, sandbox.tenantId, sandbox.learnerId, sandbox.state, sandbox.expiresAt,
                sandbox.daemonHost, sandbox.daemonPort, sandbox.suspendedAt != null, sandbox.imagesPending,
                sandbox.lastActivityAt);
    }
}
