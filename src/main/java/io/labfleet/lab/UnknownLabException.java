package io.labfleet.lab;

/** A request named a lab the catalog does not have. */
public class UnknownLabException extends RuntimeException {
    public UnknownLabException(String labId) {
        super("There is no lab '" + labId + "'. GET /api/v1/labs lists the labs.");
    }
}
