package io.labfleet.provisioner.docker;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The standard streams of a started {@code docker exec}: the engine's hijacked connection of
 * {@code POST /exec/{id}/start}, opened by us rather than docker-java. docker-java never half-closes that
 * connection, so a process reading its input to the end ({@code cat}, {@code tar x}) would never see the end of
 * it; here closing {@link #stdin()} half-closes the connection, and the engine closes the process's stdin.
 */
final class ExecAttachment implements Closeable {

    private static final int MAX_HEADER_BYTES = 16 * 1024;
    private static final int STDERR = 2;

    private final SocketChannel channel;
    private final InputStream fromEngine;
    private final boolean tty;

    private ExecAttachment(SocketChannel channel, InputStream fromEngine, boolean tty) {
        this.channel = channel;
        this.fromEngine = fromEngine;
        this.tty = tty;
    }

    /**
     * Starts the created exec and attaches to its streams.
     *
     * @param engine a {@code unix://} or {@code tcp://} Docker endpoint (no TLS, as {@link DockerEngine} talks to it)
     * @throws IOException when the engine cannot be reached or refuses to start the exec
     */
    static ExecAttachment start(URI engine, String execId, boolean tty, Duration connectTimeout) throws IOException {
        SocketChannel channel = connect(engine, connectTimeout);
        try {
            byte[] body = ("{\"Detach\":false,\"Tty\":" + tty + "}").getBytes(StandardCharsets.US_ASCII);
            String head = "POST /exec/" + execId + "/start HTTP/1.1\r\n"
                    + "Host: docker\r\n"
                    + "Content-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\n"
                    + "Connection: Upgrade\r\n"
                    + "Upgrade: tcp\r\n\r\n";
            OutputStream out = new ChannelOutput(channel, false);
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            InputStream in = new BufferedInputStream(new ChannelInput(channel));
            String header = readHeader(in);
            String status = header.lines().findFirst().orElse("");
            if (!status.matches("HTTP/1\\.[01] (101|200) .*")) {
                throw new IOException("the engine answered " + status + ": " + readBody(in, header));
            }
            return new ExecAttachment(channel, in, tty);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static SocketChannel connect(URI engine, Duration timeout) throws IOException {
        if ("unix".equals(engine.getScheme())) {
            return SocketChannel.open(UnixDomainSocketAddress.of(Path.of(engine.getPath())));
        }
        if (!"tcp".equals(engine.getScheme())) {
            throw new IOException("unsupported Docker endpoint " + engine);
        }
        SocketChannel channel = SocketChannel.open();
        try {
            channel.socket().connect(new InetSocketAddress(engine.getHost(), engine.getPort()), (int) timeout.toMillis());
            channel.socket().setTcpNoDelay(true);
            return channel;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    private static String readHeader(InputStream in) throws IOException {
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int next = in.read();
            if (next < 0) {
                throw new EOFException("the engine closed the connection before answering");
            }
            header.write(next);
            if (header.size() > MAX_HEADER_BYTES) {
                throw new IOException("the engine's answer has no end of header");
            }
            matched = next == "\r\n\r\n".charAt(matched) ? matched + 1 : (next == '\r' ? 1 : 0);
        }
        return header.toString(StandardCharsets.ISO_8859_1);
    }

    /** The start of an error answer's body, as far as its Content-Length says (the engine keeps the connection open). */
    private static String readBody(InputStream in, String header) {
        try {
            int length = header.lines().filter(line -> line.regionMatches(true, 0, "Content-Length:", 0, 15))
                    .mapToInt(line -> Integer.parseInt(line.substring(15).strip())).findFirst().orElse(0);
            return new String(in.readNBytes(Math.min(length, 512)), StandardCharsets.UTF_8).strip();
        } catch (IOException | NumberFormatException e) {
            return "";
        }
    }

    /**
     * What the learner types; closing it ends the process's input. Not on a terminal: there the end of input is
     * what the learner types (^D), and closing would hang the terminal up before the shell reads what came before.
     */
    OutputStream stdin() {
        return new ChannelOutput(channel, !tty);
    }

    /**
     * Copies the process's output until it ends: on a terminal everything goes to {@code stdout}; otherwise the
     * engine's frames (8-byte header: stream, 3 zero bytes, big-endian length) are split between both.
     */
    void copyOutput(OutputStream stdout, OutputStream stderr) throws IOException {
        if (tty) {
            fromEngine.transferTo(stdout);
            return;
        }
        byte[] header = new byte[8];
        byte[] buffer = new byte[32 * 1024];
        while (fromEngine.readNBytes(header, 0, header.length) == header.length) {
            OutputStream target = header[0] == STDERR ? stderr : stdout;
            long remaining = ByteBuffer.wrap(header, 4, 4).getInt() & 0xffffffffL;
            while (remaining > 0) {
                int read = fromEngine.read(buffer, 0, (int) Math.min(buffer.length, remaining));
                if (read < 0) {
                    return;
                }
                target.write(buffer, 0, read);
                remaining -= read;
            }
            target.flush();
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /**
     * Reads straight from the channel: {@code Channels.newInputStream} would hold the channel's blocking lock
     * while it waits, and keep the learner's input from being written meanwhile.
     */
    private static final class ChannelInput extends InputStream {

        private final SocketChannel channel;

        ChannelInput(SocketChannel channel) {
            this.channel = channel;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            int read;
            do {
                read = channel.read(ByteBuffer.wrap(buffer, offset, length));
            } while (read == 0);
            return read;
        }
    }

    /** Writes straight to the channel (see {@link ChannelInput}); closing it may half-close the connection. */
    private static final class ChannelOutput extends OutputStream {

        private final SocketChannel channel;
        private final boolean halfCloses;

        ChannelOutput(SocketChannel channel, boolean halfCloses) {
            this.channel = channel;
            this.halfCloses = halfCloses;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] buffer, int offset, int length) throws IOException {
            ByteBuffer bytes = ByteBuffer.wrap(buffer, offset, length);
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        }

        @Override
        public void close() throws IOException {
            if (halfCloses && channel.isOpen()) {
                channel.shutdownOutput();
            }
        }
    }
}
