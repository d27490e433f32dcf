package io.labfleet.security;

/**
 * A learner's key stopped opening their sandboxes (deleted, or replaced by another key under its name): fired
 * once the change committed, so that the SSH sessions it opened end at once.
 *
 * @param fingerprint the key's OpenSSH SHA-256 fingerprint
 */
public record SshKeyRevoked(String tenantId, String learnerId, String fingerprint) {
}
