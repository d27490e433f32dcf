package io.labfleet.api;

import io.labfleet.gateway.DockerContext;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A sandbox's remote Docker context, ready to paste. */
@Schema(name = "DockerContext", description = "How to drive the sandbox with your own docker CLI over SSH. Register "
        + "your public key first (PUT /api/v1/me/ssh-keys/{name}), add the known_hosts line to ~/.ssh/known_hosts, "
        + "then run createCommand (or import the archive of /context/export).")
public record ContextView(
        @Schema(description = "Context name (the sandbox id), also the Host alias of sshConfig",
                example = "sb-k3v9q2mxa7") String name,
        @Schema(description = "Docker endpoint of the context",
                example = "ssh://sb-k3v9q2mxa7@labs.example.org:2222") String host,
        @Schema(description = "The command that creates the context",
                example = "docker context create sb-k3v9q2mxa7 --description \"Labfleet sandbox sb-k3v9q2mxa7 "
                        + "(lab p3-container-lifecycle)\" --docker \"host=ssh://sb-k3v9q2mxa7@labs.example.org:2222\"")
        String createCommand,
        @Schema(description = "Text for ~/.ssh/config: a Match block for the gateway, the same for every sandbox on it "
                + "(once is enough), then the alias of this sandbox (ssh <sandbox id>). Change IdentityFile if your "
                + "registered key is elsewhere",
                example = "Match final host labs.example.org user sb-*\n    Port 2222\n    IdentityFile ~/.ssh/id_ed25519\n"
                        + "    IdentitiesOnly yes\nHost sb-k3v9q2mxa7\n    HostName labs.example.org\n    User sb-k3v9q2mxa7\n")
        String sshConfig,
        @Schema(description = "The gateway's host key, as a line for ~/.ssh/known_hosts",
                example = "[labs.example.org]:2222 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl")
        String knownHosts) {

    static ContextView of(DockerContext context) {
        return new ContextView(context.name(), context.host(), context.createCommand(), context.sshConfig(),
                context.knownHosts());
    }
}
