package io.labfleet.validation.check;

/** The image a probe runs is not in the sandbox, and the engine never pulls. */
public class HelperImageMissingException extends RuntimeException {

    private final String image;

    public HelperImageMissingException(String image) {
        super("The image " + image + " is not in the sandbox.");
        this.image = image;
    }

    public String image() {
        return image;
    }
}
