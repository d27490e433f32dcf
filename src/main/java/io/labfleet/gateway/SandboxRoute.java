package io.labfleet.gateway;

import io.labfleet.sandbox.Sandbox;
import io.labfleet.sandbox.SandboxState;

import java.time.Instant;

/**
 * What the gateway needs to know about one sandbox, read once when a learner authenticates: whose it is,
 * whether it can be used, and where its Docker daemon listens (a private address only the service reaches).
 */
public record SandboxRoute(String sandboxId, String tenantId, String learnerId, SandboxState state, Instant expiresAt,
                           String daemonHost, Integer daemonPort) {

    static SandboxRoute of(Sandbox sandbox) {
        return new SandboxRoute(sandbox.id, sandbox.tenantId, sandbox.learnerId, sandbox.state, sandbox.expiresAt,
                sandbox.daemonHost, sandbox.daemonPort);
    }
}
