package io.labfleet.validation.check;

/** A check's parameters in {@code lab.yaml} do not mean anything; the message names the parameter. */
public class CheckParameterException extends IllegalArgumentException {
    public CheckParameterException(String message) {
        super(message);
    }
}
