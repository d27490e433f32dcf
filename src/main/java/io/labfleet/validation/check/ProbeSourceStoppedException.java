package io.labfleet.validation.check;

/**
 * The container a probe was to join ({@code from: container:<name>}) stopped, or is restarting, between the moment
 * it was seen running and the moment the probe started: a crash-looping container does that. For the learner it is
 * simply not running.
 */
public class ProbeSourceStoppedException extends RuntimeException {

    public ProbeSourceStoppedException(String container, Throwable cause) {
        super("The container " + container + " stopped or is restarting.", cause);
    }
}
