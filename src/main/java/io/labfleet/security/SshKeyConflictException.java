package io.labfleet.security;

/** A key cannot be registered because of the learner's other keys. */
public class SshKeyConflictException extends RuntimeException {
    public SshKeyConflictException(String message) {
        super(message);
    }
}
