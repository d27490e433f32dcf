package io.labfleet.provisioner.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import io.labfleet.config.DockerConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;

/**
 * Clients of the Docker host engine and of sandbox daemons. The host clients live as long as the service;
 * a sandbox daemon's client is made for one task and closed after it.
 */
@ApplicationScoped
public class DockerEngine {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Long enough for an image save or a container removal on a busy host. */
    private static final Duration HOST_RESPONSE_TIMEOUT = Duration.ofMinutes(5);
    /** A health probe must answer quickly or count as down. */
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);

    private final DockerClient host;
    private final DockerClient hostProbe;
    private final DockerClient hostSessions;
    private final URI hostEndpoint;

    DockerEngine(DockerConfig config) {
        this.hostEndpoint = URI.create(config.host());
        this.host = connect(URI.create(config.host()), CONNECT_TIMEOUT, HOST_RESPONSE_TIMEOUT);
        this.hostProbe = connect(URI.create(config.host()), PROBE_TIMEOUT, PROBE_TIMEOUT);
        this.hostSessions = connect(URI.create(config.host()), CONNECT_TIMEOUT, Duration.ZERO);
    }

    /** The engine that runs the sandboxes. */
    public DockerClient host() {
        return host;
    }

    /**
     * The engine, for interactive sessions in sandboxes (the SSH gateway's shells): no response timeout, since a
     * shell may stay silent for hours.
     */
    public DockerClient hostSessions() {
        return hostSessions;
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
        return connect(URI.create("tcp://" + daemonHost + ":" + port), CONNECT_TIMEOUT, responseTimeout);
    }

    /** A client with short timeouts, to ask a sandbox's daemon whether it answers; close it after use. */
    static DockerClient probe(String daemonHost, int port) {
        return connect(URI.create("tcp://" + daemonHost + ":" + port), PROBE_TIMEOUT, PROBE_TIMEOUT);
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
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(endpoint.toString())
                .withDockerTlsVerify(false)
                .build();
        ZerodepDockerHttpClient http = new ZerodepDockerHttpClient.Builder()
                .dockerHost(endpoint)
                .connectionTimeout(connectTimeout)
                .responseTimeout(responseTimeout)
                .maxConnections(20)
                .build();
        return DockerClientImpl.getInstance(config, http);
    }

    @PreDestroy
    void close() throws IOException {
        try (hostProbe; hostSessions) {
            host.close();
        }
    }
}
