package io.labfleet.validation;

import io.labfleet.sandbox.SandboxState;

/** Only a sandbox that is READY (or EXPIRING) has a daemon to check. */
public class SandboxNotValidatableException extends RuntimeException {
    public SandboxNotValidatableException(String sandboxId, SandboxState state) {
        super("Sandbox " + sandboxId + " is " + state + ": only a READY or EXPIRING sandbox can be validated"
                + (state == SandboxState.REQUESTED || state == SandboxState.PROVISIONING
                ? "; wait until it is READY." : "."));
    }
}
