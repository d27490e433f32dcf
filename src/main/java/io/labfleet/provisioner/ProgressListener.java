package io.labfleet.provisioner;

/** Receives provisioning steps as they complete, so a frontend can show a progress bar. */
@FunctionalInterface
public interface ProgressListener {

    /**
     * @param step    a stable name, e.g. {@code network}, {@code container}, {@code daemon}, {@code images}
     * @param percent overall progress, 0–100
     * @param message what happened, for people
     */
    void onProgress(String step, int percent, String message);

    ProgressListener NONE = (step, percent, message) -> {
    };
}
