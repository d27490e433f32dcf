package io.labfleet.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** The Docker backend ({@code labfleet.docker.*}): where sandboxes run and how they are isolated and seeded. */
@ConfigMapping(prefix = "labfleet.docker")
public interface DockerConfig {

    /** The Docker engine that runs the sandboxes: a {@code unix://} socket or a {@code tcp://} address. */
    @WithDefault("unix:///var/run/docker.sock")
    String host();

    /**
     * The Docker-in-Docker image of a sandbox. Its entrypoint must run dockerd on tcp 2375 without TLS and
     * pass its arguments on to dockerd: the project's own image ({@code sandbox/build-offline.sh}, or
     * {@code sandbox/Dockerfile}) does.
     */
    @WithDefault("labfleet/sandbox:latest")
    String image();

    /**
     * Names this Labfleet installation on the Docker host. Everything it creates carries it as a label and in
     * its name, and the reconciler only ever looks at its own, so two installations (or two test runs) can
     * share one engine. Letters, digits, {@code .}, {@code _} and {@code -}.
     */
    @WithDefault("default")
    String installation();

    /**
     * How sandbox containers get the rights a nested dockerd needs: {@code privileged}, {@code unprivileged}
     * (every capability but CAP_SYS_RESOURCE, no seccomp/AppArmor confinement, a private cgroup namespace: for
     * hosts where {@code --privileged} fails), {@code sysbox} (the sysbox-runc runtime, no extra rights), or
     * {@code auto}: sysbox when the engine has that runtime, else privileged when a short trial container of
     * the image starts, else unprivileged. The choice is logged at start-up.
     */
    @WithDefault("auto")
    String isolation();

    /** How long a new sandbox's daemon may take to answer {@code /_ping} before provisioning fails. */
    @WithDefault("60s")
    Duration readyTimeout();

    /**
     * How the images a lab needs get into its sandbox: {@code copy} saves them from the host engine and loads
     * them into the sandbox (works offline; the images must be on the host), {@code pull} has the sandbox's
     * daemon pull them (needs a registry, or {@link #registryMirror()}).
     */
    @WithDefault("copy")
    ImageSource imageSource();

    /** A registry mirror every sandbox daemon uses ({@code dockerd --registry-mirror}), e.g. {@code http://mirror:5000}. */
    Optional<String> registryMirror();

    /**
     * Whether sandboxes (and the containers learners run in them) may open connections beyond the Docker
     * host. When false, each sandbox's network is an internal one: the service still reaches its daemon, but
     * nothing in it can reach a registry or the internet, so images must be copied in.
     */
    @WithDefault("true")
    boolean outboundNetwork();

    enum ImageSource {
        COPY,
        PULL
    }
}
