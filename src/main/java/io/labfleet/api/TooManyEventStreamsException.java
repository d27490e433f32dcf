package io.labfleet.api;

/** A caller asked for one more event stream than they may hold open at once. */
public class TooManyEventStreamsException extends RuntimeException {
    TooManyEventStreamsException(int limit) {
        super("You already follow " + limit + " event streams at once, the most allowed: close one (or poll "
                + "GET /api/v1/sandboxes/{id}) before opening another.");
    }
}
