package io.labfleet.gateway;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * What a dial-stdio channel sends to the daemon as soon as it is connected: the request that came with the exec,
 * from the thread that connected, never more than one chunk, and without waiting for bytes the client has not sent.
 */
class StreamPumpTest {

    /** A hang here is the bug (a copy that waits for the client); the limit only keeps the build from hanging. */
    private static final Duration NO_HANG = Duration.ofSeconds(20);

    @Test
    void whatTheClientSentAlreadyGoesOutAndNothingIsAwaited() throws IOException {
        PipedInputStream fromClient = new PipedInputStream(64 * 1024);
        PipedOutputStream client = new PipedOutputStream(fromClient);
        client.write("HEAD /_ping HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        ByteArrayOutputStream toDaemon = new ByteArrayOutputStream();
        AtomicLong metered = new AtomicLong();

        int copied = assertTimeoutPreemptively(NO_HANG, () -> StreamPump.copyWaiting(fromClient, toDaemon, metered::addAndGet));
        assertThat(toDaemon.toString(StandardCharsets.US_ASCII)).isEqualTo("HEAD /_ping HTTP/1.1\r\n\r\n");
        assertThat(copied).isEqualTo(24);
        assertThat(metered).hasValue(24);

        // The client is still there but sent nothing more: a plain read would block until it does.
        assertThat(assertTimeoutPreemptively(NO_HANG, () -> StreamPump.copyWaiting(fromClient, toDaemon, metered::addAndGet)))
                .isZero();
        assertThat(toDaemon.size()).isEqualTo(24);
        client.close();
    }

    @Test
    void atMostOneChunkIsReadAhead() throws IOException {
        PipedInputStream fromClient = new PipedInputStream(64 * 1024);
        PipedOutputStream client = new PipedOutputStream(fromClient);
        client.write(new byte[40 * 1024]);
        ByteArrayOutputStream toDaemon = new ByteArrayOutputStream();

        assertThat(StreamPump.copyWaiting(fromClient, toDaemon, bytes -> { })).isEqualTo(32 * 1024);
        assertThat(toDaemon.size()).isEqualTo(32 * 1024);
        client.close();
        assertThat(StreamPump.copy(fromClient, toDaemon, bytes -> { })).as("the rest, by the pump").isEqualTo(8 * 1024);
    }

    /** MINA's channel input answers {@code available()} with -1 once the client's EOF came and all was read. */
    @Test
    void anEndedInputCopiesNothing() throws IOException {
        InputStream ended = new InputStream() {
            @Override
            public int available() {
                return -1;
            }

            @Override
            public int read() {
                return -1;
            }
        };
        ByteArrayOutputStream toDaemon = new ByteArrayOutputStream();

        assertThat(StreamPump.copyWaiting(ended, toDaemon, bytes -> { })).isZero();
        assertThat(toDaemon.size()).isZero();
    }
}
