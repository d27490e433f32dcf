package io.labfleet.sandbox;

/** A sandbox's lab images did not go in: it failed meanwhile (its reason says why), or ended, or it took too long. */
public class SandboxImagesNotInException extends RuntimeException {

    public SandboxImagesNotInException(String message) {
        super(message);
    }
}
