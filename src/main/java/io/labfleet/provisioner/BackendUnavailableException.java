package io.labfleet.provisioner;

/** The backend (Docker engine, Kubernetes API) does not answer: nothing can be created right now. */
public class BackendUnavailableException extends RuntimeException {
    public BackendUnavailableException(String message) {
        super(message);
    }
}
