package io.labfleet.support;

import io.restassured.RestAssured;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A terminal socket as a frontend holds one, with the JDK's WebSocket client: what was printed (binary frames,
 * decoded as UTF-8), the control messages received, and how the service closed it.
 */
public final class TerminalClient implements AutoCloseable {

    /** How the service closed the socket. */
    public record Closed(int code, String reason) {
    }

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** What is kept of the output: its latest characters (tests that flood a terminal need not hold it all). */
    private static final int KEPT = 1024 * 1024;

    private final StringBuffer printed = new StringBuffer();
    private final java.util.concurrent.atomic.AtomicLong received = new java.util.concurrent.atomic.AtomicLong();
    private final List<String> controls = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();
    private final boolean paused;
    private WebSocket socket;

    private TerminalClient(boolean paused) {
        this.paused = paused;
    }

    /** Opens {@code path} (with its query) on the service under test. */
    public static TerminalClient open(String path) {
        return open(path, false);
    }

    /**
     * Opens {@code path} without reading anything from it until {@link #resume()}: a connection that stalls (the
     * JDK's client reads from the network only what its listener asked for).
     */
    public static TerminalClient openPaused(String path) {
        return open(path, true);
    }

    private static TerminalClient open(String path, boolean paused) {
        TerminalClient client = new TerminalClient(paused);
        URI uri = URI.create("ws://localhost:" + RestAssured.port + path);
        client.socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(WAIT)
                .buildAsync(uri, client.new Listener()).orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
        return client;
    }

    /** Asks the API for a ticket as the token's holder and opens the sandbox's terminal with it. */
    public static TerminalClient openWithTicket(String token, String sandboxId, String extraQuery) {
        return open(ticketPath(token, sandboxId) + (extraQuery == null ? "" : "&" + extraQuery));
    }

    public static String ticketPath(String token, String sandboxId) {
        return RestAssured.given().auth().oauth2(token).post("/api/v1/sandboxes/" + sandboxId + "/terminal-tickets")
                .then().statusCode(200).extract().path("path");
    }

    /** Starts reading what a paused client was sent. */
    public void resume() {
        socket.request(1);
    }

    public void type(String text) {
        socket.sendBinary(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), true).join();
    }

    public void sendControl(String json) {
        socket.sendText(json, true).join();
    }

    /** The latest output (its last megabyte or so), decoded. */
    public String printed() {
        return printed.toString();
    }

    /** How many bytes of output were received in all. */
    public long received() {
        return received.get();
    }

    public List<String> controls() {
        return controls;
    }

    /** Waits until the printed output contains {@code text}; returns all of it. */
    public String awaitPrinted(String text, Duration timeout) {
        return Await.until(timeout, this::printed, seen -> seen.contains(text), "the terminal to print '" + text + "'");
    }

    public Closed awaitClosed(Duration timeout) {
        return Await.until(timeout, () -> closed.getNow(null), java.util.Objects::nonNull, "the socket to be closed");
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public void close() {
        if (!closed.isDone() && !socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {

        @Override
        public void onOpen(WebSocket webSocket) {
            if (!paused) {
                webSocket.request(1);
            }
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            synchronized (pending) {
                byte[] bytes = new byte[data.remaining()];
                data.get(bytes);
                pending.writeBytes(bytes);
                received.addAndGet(bytes.length);
                if (last) {
                    // A message may come in fragments: decode it whole.
                    printed.append(pending.toString(StandardCharsets.UTF_8));
                    pending.reset();
                    if (printed.length() > 2 * KEPT) {
                        printed.delete(0, printed.length() - KEPT);
                    }
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            controls.add(data.toString());
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(new Closed(statusCode, reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(new Closed(-1, String.valueOf(error)));
        }
    }
}
