package io.labfleet.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "SshKeyInput")
public record SshKeyRequest(
        @NotBlank @Size(max = 8192)
        @Schema(required = true, description = "One OpenSSH public key line (the .pub file)",
                example = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl me@laptop")
        String publicKey) {
}
