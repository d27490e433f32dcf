package io.labfleet.lab;

/** A lab folder is malformed; the message names the file and what is wrong with it. */
public class LabCatalogException extends RuntimeException {
    public LabCatalogException(String message) {
        super(message);
    }

    public LabCatalogException(String message, Throwable cause) {
        super(message, cause);
    }
}
