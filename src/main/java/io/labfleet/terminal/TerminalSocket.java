package io.labfleet.terminal;

import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.buffer.Buffer;
import org.jboss.logging.Logger;

/**
 * The terminal socket, {@code GET /api/v1/sandboxes/{id}/terminal?ticket=…[&mode=watch]} upgraded to a WebSocket.
 * Authenticated by its single-use ticket, not by a bearer token (browsers cannot send one on a socket). Binary
 * frames carry the bytes typed and printed; text frames carry {@link ControlMessage}s. Callbacks run on worker
 * threads, one at a time per socket, so typed bytes reach the shell in order.
 */
@WebSocket(path = "/api/v1/sandboxes/{id}/terminal")
public class TerminalSocket {

    private static final Logger LOG = Logger.getLogger(TerminalSocket.class);

    private final TerminalSessions sessions;

    TerminalSocket(TerminalSessions sessions) {
        this.sessions = sessions;
    }

    @OnOpen
    void open(WebSocketConnection connection) {
        sessions.open(connection);
    }

    @OnBinaryMessage
    void typed(WebSocketConnection connection, Buffer bytes) {
        sessions.input(connection, bytes.getBytes());
    }

    @OnTextMessage
    void control(WebSocketConnection connection, String message) {
        sessions.control(connection, message);
    }

    @OnClose
    void close(WebSocketConnection connection) {
        sessions.closed(connection);
    }

    @OnError
    void error(WebSocketConnection connection, Throwable failure) {
        LOG.warnf(failure, "A terminal socket of %s failed", connection.pathParam("id"));
        sessions.closed(connection);
        connection.close(new io.quarkus.websockets.next.CloseReason(TerminalRefusal.BACKEND_ERROR,
                "The terminal failed on the service's side.")).subscribe().with(done -> { }, ignored -> { });
    }
}
