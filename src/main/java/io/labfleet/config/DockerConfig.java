package io.labfleet.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
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
     * How sandbox containers get the rights a nested dockerd needs. {@code rootless} (what {@code auto} picks on
     * every host): the container runs as an unprivileged user (a uid of its own, {@link #rootlessUidFirst()}) with
     * no capability but SETUID/SETGID, under the seccomp profile {@code sandbox/seccomp-rootless.json}, and its
     * dockerd runs in a user namespace of its own (rootlesskit + slirp4netns); the Docker host must give {@code /dev/net/tun} mode 0666. The others
     * are only used when named, and logged as a warning at start-up: {@code privileged} ({@code --privileged}),
     * {@code unprivileged} (every capability but CAP_SYS_RESOURCE, no seccomp/AppArmor confinement, a private
     * cgroup namespace: for hosts where {@code --privileged} fails) — with either, a learner is root on the host
     * in all but name —, and {@code sysbox} (the sysbox-runc runtime, which must be installed).
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

    /**
     * The DNS servers of sandbox daemons and of the containers learners run in them ({@code dockerd --dns}), as IP
     * addresses. Default: the non-loopback name servers of this machine's {@code /etc/resolv.conf}; when it has
     * none, {@code 127.0.0.1}, which answers nothing, so that names beyond the sandbox do not resolve. Never a
     * public resolver chosen for you. The network fence lets sandboxes reach these addresses on port 53 only.
     */
    Optional<List<String>> dns();

    /**
     * Whether the service installs the network fence on the Docker host at start-up (iptables rules in the
     * {@code INPUT} and {@code DOCKER-USER} chains, through a short-lived helper container with NET_ADMIN on the
     * host's network): sandboxes reach neither the host's own ports nor private, link-local or shared address
     * ranges (other sandboxes, the service's database, cloud metadata), and the internet only with
     * {@link #outboundNetwork()}. Turn it off only when the host's firewall does the same; a warning says so.
     */
    @WithDefault("true")
    boolean networkFence();

    /**
     * The IPv4 range sandbox networks take their subnets from, one subnet of {@link #subnetPrefix()} each, leased
     * through the database so replicas never share one: {@code 10.213.0.0/16} in {@code /28}s holds 4096 sandbox
     * networks, where Docker's own default pools hold about 30. Subnets that other networks on the engine overlap
     * are skipped (checked at start-up, and again whenever the engine refuses one). Choose a range the host's own
     * networks do not use. {@code off}: Docker picks from its default address pools.
     */
    @WithDefault("10.213.0.0/16")
    String subnetPool();

    /** The prefix length of one sandbox network's subnet in {@link #subnetPool()}: 16 to 29 addresses. */
    @WithDefault("28")
    int subnetPrefix();

    /**
     * How many sandbox networks the installation keeps made ahead of time (its replicas together), so that a new sandbox takes one (through its
     * subnet's lease: never two sandboxes the same one) instead of waiting for the engine to make it; a spare is
     * made again in the background once one is taken. Spares carry the installation's label and a
     * {@code labfleet.io/spare-network} label, not a sandbox's: the subnet's lease says which sandbox took one.
     * They are removed when the service stops (and when left by a crash, reused or removed by the next start or
     * pass). They need {@link #subnetPool()}; {@code 0} turns them off.
     */
    @WithDefault("2")
    int spareNetworks();

    /**
     * The first host uid rootless sandboxes run as. Each rootless sandbox runs as a uid of its own from
     * {@link #rootlessUidFirst()} to {@code first + count - 1}, leased through the database so replicas never share
     * one, with 65536 subordinate ids of its own for its nested containers (uid {@code first + i} owns
     * {@code first + 65536 * (i + 1)} onwards): the kernel's per-user limits (inotify instances, user namespaces,
     * processes, message queues) are never shared between sandboxes, nor is any host uid. The sandbox image must be
     * built for the same first uid and at least as many ({@code sandbox/build-offline.sh --uids FIRST:COUNT}, whose
     * default is this key's and {@link #rootlessUidCount()}'s); a new sandbox fails with that reason otherwise.
     * Choose a block no user or user namespace of the host uses: the default, 1000000000 up to 1268500991 with the
     * subordinate ids, is above every ordinary and systemd-allocated user (but inside the range systemd-nspawn
     * picks container ids from). At least 165536, and the block must end below 2^31.
     */
    @WithDefault("1000000000")
    int rootlessUidFirst();

    /**
     * How many uids rootless sandboxes take from {@link #rootlessUidFirst()}: at most that many rootless sandboxes
     * at once (1 to 65535); a sandbox asked for beyond it fails with that reason.
     */
    @WithDefault("4096")
    int rootlessUidCount();

    /** Largest size of a sandbox container's own log file before it is rotated (json-file {@code max-size}). */
    @WithDefault("10m")
    String logMaxSize();

    /** How many rotated log files of a sandbox container are kept (json-file {@code max-file}). */
    @WithDefault("2")
    int logMaxFiles();

    enum ImageSource {
        COPY,
        PULL
    }
}
