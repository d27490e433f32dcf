package io.labfleet.validation;

/** No such validation run, or one the caller may not see (we do not reveal which). */
public class ValidationRunNotFoundException extends RuntimeException {
    public ValidationRunNotFoundException(String runId) {
        super("There is no validation run '" + runId + "' that you can see.");
    }
}
