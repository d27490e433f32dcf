package io.labfleet.terminal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.labfleet.commons.ResizeCoalescer;

/**
 * A text frame of the terminal protocol, either way: {@code {"type":"resize","columns":120,"rows":40}} and
 * {@code {"type":"ping"}} from the browser; {@code {"type":"pong"}} and {@code {"type":"error","message":"…"}}
 * from the service. Bytes typed and printed travel in binary frames, never here.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ControlMessage(String type, Integer columns, Integer rows, String message) {

    static ControlMessage pong() {
        return new ControlMessage("pong", null, null, null);
    }

    static ControlMessage error(String message) {
        return new ControlMessage("error", null, null, message);
    }

    boolean isValidResize() {
        return columns != null && rows != null && ResizeCoalescer.Size.valid(columns, rows);
    }
}
