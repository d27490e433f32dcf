package io.labfleet.validation.check;

/**
 * The daemon a validation run talks to no longer belongs to the sandbox it validates (the sandbox was deleted,
 * restarted elsewhere, or its address was given to another sandbox): nothing more may be read from it.
 */
public class SandboxChangedException extends RuntimeException {
    public SandboxChangedException(String message) {
        super(message);
    }
}
