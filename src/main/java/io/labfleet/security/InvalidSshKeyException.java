package io.labfleet.security;

/** A submitted SSH public key cannot be used; the message says why. */
public class InvalidSshKeyException extends RuntimeException {
    public InvalidSshKeyException(String message) {
        super(message);
    }
}
