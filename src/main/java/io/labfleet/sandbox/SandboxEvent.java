package io.labfleet.sandbox;

import java.time.Instant;

/**
 * Something that happened to a sandbox: a state change ({@code type = "state"}) or a provisioning step
 * ({@code type = "progress"}, with step and percent).
 */
public record SandboxEvent(String sandboxId, String type, SandboxState state, String reason,
                           String step, Integer percent, String message, Instant at) {

    public static SandboxEvent state(Sandbox sandbox) {
        return new SandboxEvent(sandbox.id, "state", sandbox.state, sandbox.reason, null, null, null, sandbox.updatedAt);
    }

    public static SandboxEvent progress(String sandboxId, String step, int percent, String message, Instant at) {
        return new SandboxEvent(sandboxId, "progress", null, null, step, percent, message, at);
    }
}
