package io.labfleet.sandbox;

/** An operation asked a sandbox to do something its current state does not allow. */
public class IllegalStateTransitionException extends RuntimeException {
    public IllegalStateTransitionException(String message) {
        super(message);
    }
}
