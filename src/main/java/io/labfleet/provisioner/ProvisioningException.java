package io.labfleet.provisioner;

/** Provisioning could not complete; the message says why in words a person can act on. */
public class ProvisioningException extends RuntimeException {
    public ProvisioningException(String message) {
        super(message);
    }

    public ProvisioningException(String message, Throwable cause) {
        super(message, cause);
    }
}
