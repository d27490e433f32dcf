package io.labfleet.provisioner;

/**
 * Someone asked for what the active backend cannot do ({@link SandboxProvisioner.Capability}): nothing was changed,
 * and the message says what the backend does instead.
 */
public class CapabilityNotSupportedException extends RuntimeException {

    public CapabilityNotSupportedException(String message) {
        super(message);
    }
}
