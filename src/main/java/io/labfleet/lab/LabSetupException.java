package io.labfleet.lab;

/** A lab's setup command could not be applied to a sandbox: the sandbox cannot offer the lab's starting state. */
public class LabSetupException extends RuntimeException {

    public LabSetupException(SetupCommand command, String reason, Throwable cause) {
        super("The lab's setup failed at '" + command.text() + "': " + reason, cause);
    }
}
