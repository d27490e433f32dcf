package io.labfleet.provisioner.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.labfleet.config.DockerConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * Clients of the Docker host engine and of sandbox daemons. The host clients live as long as the service;
 * a sandbox daemon's client is made for one task and closed after it.
 */
@ApplicationScoped
public class DockerEngine {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Long enough for an image save or a container removal on a busy host. */
    private static final Duration HOST_RESPONSE_TIMEOUT = Duration.ofMinutes(5);
    private static final int CONNECTIONS = 20;
    /** A health probe must answer quickly or count as down. */
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = Logger.getLogger(DockerEngine.class);
    private static final Duration LOG_WAIT = Duration.ofSeconds(5);

    private final DockerClient host;
    private final DockerHttpClient hostHttp;
    private final DockerClient hostProbe;
    private final URI hostEndpoint;

    DockerEngine(DockerConfig config) {
        this.hostEndpoint = URI.create(config.host());
        this.host = connect(hostEndpoint, CONNECT_TIMEOUT, HOST_RESPONSE_TIMEOUT);
        this.hostHttp = http(hostEndpoint, CONNECT_TIMEOUT, HOST_RESPONSE_TIMEOUT, CONNECTIONS);
        this.hostProbe = connect(hostEndpoint, PROBE_TIMEOUT, PROBE_TIMEOUT);
    }

    /** The engine that runs the sandboxes. */
    public DockerClient host() {
        return host;
    }

    /**
     * The engine's disk usage report ({@code GET /system/df}, which docker-java lacks): every container's own
     * layer size and every volume's size, with their labels. The engine walks its volumes for it: seconds on a
     * busy host, so it is asked once per reconciler pass, never per request.
     */
    public JsonNode hostDiskUsage() {
        DockerHttpClient.Request request = DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.GET).path("/system/df").build();
        try (DockerHttpClient.Response response = hostHttp.execute(request)) {
            if (response.getStatusCode() != 200) {
                throw new IllegalStateException("GET /system/df answered " + response.getStatusCode());
            }
            return JSON.readTree(response.getBody());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where the engine listens, for the connections docker-java cannot make (see {@link ExecAttachment}). */
    URI hostEndpoint() {
        return hostEndpoint;
    }

    /** Whether the host engine answers {@code /_ping} within a few seconds. */
    public boolean hostAnswers() {
        return answers(hostProbe);
    }

    /** A client of one sandbox's own daemon; close it after use. */
    public static DockerClient daemon(String daemonHost, int port, Duration responseTimeout) {
        return daemon(daemonHost, port, responseTimeout, CONNECTIONS, UnaryOperator.identity());
    }

    /**
     * A client of one sandbox's own daemon over plain TCP, as the service reaches sandboxes, with at most
     * {@code maxConnections} connections, its HTTP client wrapped by {@code transport} (e.g. to bound what it reads
     * from a daemon the learner controls); close it after use.
     */
    public static DockerClient daemon(String daemonHost, int port, Duration responseTimeout, int maxConnections,
                                      UnaryOperator<DockerHttpClient> transport) {
        URI endpoint = URI.create("tcp://" + daemonHost + ":" + port);
        return DockerClientImpl.getInstance(config(endpoint),
                transport.apply(http(endpoint, CONNECT_TIMEOUT, responseTimeout, maxConnections)));
    }

    /** A client with short timeouts, to ask a sandbox's daemon whether it answers; close it after use. */
    static DockerClient probe(String daemonHost, int port) {
        return connect(URI.create("tcp://" + daemonHost + ":" + port), PROBE_TIMEOUT, PROBE_TIMEOUT);
    }

    /**
     * The last lines a container wrote (stdout and stderr), to say in a reason what it complained of; empty when
     * they cannot be read within a few seconds.
     */
    static List<String> logTail(DockerClient docker, String container, int lines) {
        List<String> tail = new ArrayList<>();
        try {
            docker.logContainerCmd(container).withStdOut(true).withStdErr(true).withTail(lines)
                    .exec(new ResultCallback.Adapter<Frame>() {
                        @Override
                        public void onNext(Frame frame) {
                            tail.add(new String(frame.getPayload(), StandardCharsets.UTF_8).strip());
                        }
                    }).awaitCompletion(LOG_WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (RuntimeException e) {
            LOG.debugf("Could not read the logs of %s: %s", container, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return tail;
    }

    /** Whether the daemon behind {@code client} answers {@code /_ping} right now. */
    static boolean answers(DockerClient client) {
        try {
            client.pingCmd().exec();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static DockerClient connect(URI endpoint, Duration connectTimeout, Duration responseTimeout) {
        return connect(endpoint, connectTimeout, responseTimeout, CONNECTIONS);
    }

    private static DockerClient connect(URI endpoint, Duration connectTimeout, Duration responseTimeout,
                                        int maxConnections) {
        return DockerClientImpl.getInstance(config(endpoint),
                http(endpoint, connectTimeout, responseTimeout, maxConnections));
    }

    private static DefaultDockerClientConfig config(URI endpoint) {
        return DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(endpoint.toString())
                .withDockerTlsVerify(false)
                .build();
    }

    private static DockerHttpClient http(URI endpoint, Duration connectTimeout, Duration responseTimeout,
                                         int maxConnections) {
        return new ZerodepDockerHttpClient.Builder()
                .dockerHost(endpoint)
                .connectionTimeout(connectTimeout)
                .responseTimeout(responseTimeout)
                .maxConnections(maxConnections)
                .build();
    }

    @PreDestroy
    void close() throws IOException {
        try (hostProbe; hostHttp) {
            host.close();
        }
    }
}
