package io.labfleet.validation.check;

/** The sandbox's daemon did not answer, or refused a request; the message says which, for people. */
public class SandboxDaemonException extends RuntimeException {
    public SandboxDaemonException(String message, Throwable cause) {
        super(message, cause);
    }
}
