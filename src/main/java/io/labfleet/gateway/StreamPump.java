package io.labfleet.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.LongConsumer;

/** Copies one direction of a conversation, flushing every chunk at once: interactive streams must not wait. */
final class StreamPump {

    private static final int CHUNK = 32 * 1024;

    private StreamPump() {
    }

    /**
     * Copies what {@code from} holds already, at most one chunk, without waiting for more; reports its size.
     * Returns the bytes copied (0 when nothing is waiting or the input has ended).
     */
    static int copyWaiting(InputStream from, OutputStream to, LongConsumer onChunk) throws IOException {
        int waiting = Math.min(from.available(), CHUNK);
        if (waiting <= 0) {
            return 0;
        }
        byte[] buffer = new byte[waiting];
        int read = from.read(buffer);
        if (read <= 0) {
            return 0;
        }
        to.write(buffer, 0, read);
        to.flush();
        onChunk.accept(read);
        return read;
    }

    /** Copies until end of input; reports each chunk's size. Returns the bytes copied. */
    static long copy(InputStream from, OutputStream to, LongConsumer onChunk) throws IOException {
        byte[] buffer = new byte[CHUNK];
        long total = 0;
        int read;
        while ((read = from.read(buffer)) >= 0) {
            if (read == 0) {
                continue;
            }
            to.write(buffer, 0, read);
            to.flush();
            total += read;
            onChunk.accept(read);
        }
        return total;
    }
}
