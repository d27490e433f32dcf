package io.labfleet.api;

import io.labfleet.sandbox.Sandbox;
import io.labfleet.sandbox.SandboxState;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;

/** A sandbox as clients see it. Where its daemon runs stays internal. */
@Schema(name = "Sandbox")
public record SandboxView(
        @Schema(example = "sb-k3v9q2mxa7") String id,
        @Schema(example = "p3-container-lifecycle") String labId,
        @Schema(example = "acme") String tenant,
        @Schema(description = "Learner id (token subject)") String learner,
        @Schema(description = "Learner's display name") String learnerName,
        SandboxState state,
        @Schema(description = "Why it is in this state, for people", example = "Its Docker daemon answers.") String reason,
        Instant createdAt,
        Instant readyAt,
        Instant expiresAt,
        Instant terminatedAt,
        @Schema(description = "Since when it is suspended: nobody used it for labfleet.lifecycle.suspend-after, so its"
                + " Docker engine was stopped with everything in it kept; the learner's next docker command, check or"
                + " terminal wakes it in a few seconds. Null while it runs.") Instant suspendedAt,
        @Schema(description = "Whether the lab's images are still going into its daemon. A learner's sandbox of a lab"
                + " without setup commands is READY as soon as its daemon answers and gets its images right after"
                + " (a moment); its docker context, checks and terminal wait for them, so a frontend need not.")
        boolean imagesPending,
        @Schema(description = "How the learner's docker CLI reaches it over SSH") Ssh ssh) {

    @Schema(name = "SandboxSsh")
    public record Ssh(@Schema(example = "sb-k3v9q2mxa7") String user,
                      @Schema(example = "labs.example.org") String host,
                      @Schema(example = "2222") int port) {
    }

    static SandboxView of(Sandbox sandbox, String sshHost, int sshPort) {
        return new SandboxView(sandbox.id, sandbox.labId, sandbox.tenantId, sandbox.learnerId, sandbox.learnerName,
                sandbox.state, sandbox.reason, sandbox.createdAt, sandbox.readyAt, sandbox.expiresAt,
                sandbox.terminatedAt, sandbox.suspendedAt, sandbox.imagesPending, new Ssh(sandbox.id, sshHost, sshPort));
    }
}
