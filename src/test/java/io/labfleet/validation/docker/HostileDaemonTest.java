package io.labfleet.validation.docker;

import io.labfleet.validation.check.SandboxDaemon;
import io.labfleet.validation.check.SandboxDaemonException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A learner may put any server on their daemon's port. Against a fake daemon (a tiny HTTP server on loopback),
 * every answer the service reads is bounded: an endless body fails past the size limit, a body trickled byte by
 * byte (which never trips the socket's read timeout) fails past the time limit.
 */
@Tag("slow")
class HostileDaemonTest {

    private static final long LIMIT = 64 * 1024;

    private ServerSocket server;

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    /** Answers every request with the given body writer, on its own thread. */
    private int fakeDaemon(BodyWriter body) throws IOException {
        return fakeDaemon("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n", body);
    }

    private int fakeDaemon(String head, BodyWriter body) throws IOException {
        server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread thread = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket socket = server.accept()) {
                    readRequestHead(socket.getInputStream());
                    OutputStream out = socket.getOutputStream();
                    out.write(head.getBytes(StandardCharsets.US_ASCII));
                    body.write(out);
                } catch (IOException | InterruptedException e) {
                    // the client hung up: what the bound is for
                }
            }
        }, "fake-daemon");
        thread.setDaemon(true);
        thread.start();
        return server.getLocalPort();
    }

    private interface BodyWriter {
        void write(OutputStream out) throws IOException, InterruptedException;
    }

    private static void readRequestHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                return;
            }
            matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
        }
    }

    @Test
    void anEndlessAnswerFailsPastTheSizeLimit() throws IOException {
        int port = fakeDaemon(out -> {
            out.write("{\"Os\":\"".getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[8192];
            Arrays.fill(chunk, (byte) 'a');
            while (true) {
                out.write(chunk);
            }
        });
        try (SandboxDaemon daemon = new DockerSandboxDaemon("127.0.0.1", port, Duration.ofSeconds(30), LIMIT)) {
            assertTimeoutPreemptively(Duration.ofSeconds(60), () ->
                    assertThatThrownBy(daemon::info).isInstanceOf(SandboxDaemonException.class)
                            .hasMessage("the daemon's answer is larger than 64 KiB"));
        }
    }

    /** Closing a chunked body reads its rest first: an endless one must be cut, not drained. */
    @Test
    void anEndlessChunkedAnswerIsCutNotDrainedToItsEnd() throws IOException {
        int port = fakeDaemon("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
                out -> {
                    byte[] chunk = new byte[8192];
                    Arrays.fill(chunk, (byte) 'a');
                    out.write("7\r\n{\"Os\":\"\r\n".getBytes(StandardCharsets.US_ASCII));
                    while (true) {
                        out.write("2000\r\n".getBytes(StandardCharsets.US_ASCII));
                        out.write(chunk);
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                });
        try (SandboxDaemon daemon = new DockerSandboxDaemon("127.0.0.1", port, Duration.ofSeconds(30), LIMIT)) {
            assertTimeoutPreemptively(Duration.ofSeconds(60), () ->
                    assertThatThrownBy(daemon::info).isInstanceOf(SandboxDaemonException.class)
                            .hasMessage("the daemon's answer is larger than 64 KiB"));
        }
    }

    @Test
    void aTrickledAnswerFailsPastTheTimeLimit() throws IOException {
        int port = fakeDaemon(out -> {
            out.write("{\"Os\":\"".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            while (true) {
                Thread.sleep(100);
                out.write('a');
                out.flush();
            }
        });
        try (SandboxDaemon daemon = new DockerSandboxDaemon("127.0.0.1", port, Duration.ofSeconds(1), LIMIT)) {
            assertTimeoutPreemptively(Duration.ofSeconds(60), () ->
                    assertThatThrownBy(daemon::info).isInstanceOf(SandboxDaemonException.class)
                            .hasMessage("the daemon's answer did not end within 1 s"));
        }
    }
}
