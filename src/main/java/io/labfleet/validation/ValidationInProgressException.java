package io.labfleet.validation;

/** One validation at a time per sandbox: a run is already queued or running, and it says which. */
public class ValidationInProgressException extends RuntimeException {

    private final String runId;

    public ValidationInProgressException(String sandboxId, String runId) {
        super("A validation of sandbox " + sandboxId + " is already under way: run " + runId
                + ". Follow it at /api/v1/validations/" + runId + "; start another once it has ended.");
        this.runId = runId;
    }

    public String runId() {
        return runId;
    }
}
