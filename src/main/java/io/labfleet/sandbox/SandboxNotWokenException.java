package io.labfleet.sandbox;

/** A suspended sandbox could not be woken (it stays suspended, everything in it kept), or is no longer usable. */
public class SandboxNotWokenException extends RuntimeException {

    public SandboxNotWokenException(String message, Throwable cause) {
        super(message, cause);
    }
}
