package io.labfleet.api;

import io.labfleet.security.SshKey;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;

@Schema(name = "SshKey")
public record SshKeyView(@Schema(example = "laptop") String name,
                         @Schema(example = "ssh-ed25519") String type,
                         @Schema(example = "256") int bits,
                         @Schema(example = "SHA256:uJ0hXbQm3vR0hC4zQn0v7l6B1mWv3CqkqgYbY3VxKcs") String fingerprint,
                         String comment,
                         String publicKey,
                         Instant createdAt) {

    static SshKeyView of(SshKey key) {
        return new SshKeyView(key.name, key.keyType, key.bits, key.fingerprint, key.comment, key.publicKey, key.createdAt);
    }
}
