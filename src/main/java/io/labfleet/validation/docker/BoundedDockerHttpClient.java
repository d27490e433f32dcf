package io.labfleet.validation.docker;

import com.github.dockerjava.transport.DockerHttpClient;
import io.labfleet.lab.Text;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A sandbox's daemon is the learner's to replace: any server may answer on its port. This client bounds every
 * answer it reads: at most {@code maxBytes} of body, and nothing read past {@code timeout} after the request was
 * sent, however slowly the bytes trickle in (the socket's read timeout alone restarts with every byte). Past either
 * bound the read fails with a {@link ResponseBoundException}, which docker-java passes up as the request's failure;
 * closing the body aborts the exchange rather than reading the rest. The status line and headers are read by the
 * transport with only its per-read timeout: a daemon trickling headers holds the calling thread, which is why every
 * call to a daemon runs on a bounded pool of check threads that the validation gives up on (CheckEngine).
 */
final class BoundedDockerHttpClient implements DockerHttpClient {

    /** An answer that went past one of the bounds; its message is worded for a learner. */
    static final class ResponseBoundException extends IOException {
        ResponseBoundException(String message) {
            super(message);
        }
    }

    private final DockerHttpClient delegate;
    private final long maxBytes;
    private final Duration timeout;

    BoundedDockerHttpClient(DockerHttpClient delegate, long maxBytes, Duration timeout) {
        this.delegate = delegate;
        this.maxBytes = maxBytes;
        this.timeout = timeout;
    }

    @Override
    public Response execute(Request request) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Response response = delegate.execute(request);
        return new Response() {
            private InputStream body;

            @Override
            public int getStatusCode() {
                return response.getStatusCode();
            }

            @Override
            public Map<String, List<String>> getHeaders() {
                return response.getHeaders();
            }

            @Override
            public synchronized InputStream getBody() {
                if (body == null) {
                    body = new BoundedBody(response.getBody(), deadline, response);
                }
                return body;
            }

            @Override
            public void close() {
                response.close();
            }
        };
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }

    private final class BoundedBody extends FilterInputStream {

        private final long deadline;
        private final Response response;
        private long read;

        BoundedBody(InputStream in, long deadline, Response response) {
            super(in);
            this.deadline = deadline;
            this.response = response;
        }

        /**
         * Aborts the exchange before closing the stream: closing a chunked or sized body first reads what is left of
         * it, which a hostile daemon makes endless.
         */
        @Override
        public void close() throws IOException {
            response.close();
            try {
                super.close();
            } catch (IOException aborted) {
                // the connection is gone: nothing left to read
            }
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (System.nanoTime() - deadline > 0) {
                throw new ResponseBoundException("the daemon's answer did not end within " + Text.duration(timeout));
            }
            if (read >= maxBytes) {
                throw new ResponseBoundException("the daemon's answer is larger than " + maxBytes / 1024 + " KiB");
            }
            int count = super.read(buffer, offset, (int) Math.min(length, maxBytes - read + 1));
            if (count > 0) {
                read += count;
            }
            if (read > maxBytes) {
                throw new ResponseBoundException("the daemon's answer is larger than " + maxBytes / 1024 + " KiB");
            }
            return count;
        }

        @Override
        public long skip(long n) throws IOException {
            int length = (int) Math.min(Math.max(n, 0), 8192);
            return Math.max(0, read(new byte[length], 0, length));
        }
    }
}
