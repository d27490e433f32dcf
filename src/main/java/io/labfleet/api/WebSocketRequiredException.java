package io.labfleet.api;

/** A plain HTTP request to a path that only speaks WebSocket. */
public class WebSocketRequiredException extends RuntimeException {

    public WebSocketRequiredException(String message) {
        super(message);
    }
}
