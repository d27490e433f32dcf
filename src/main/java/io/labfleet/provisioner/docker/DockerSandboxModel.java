package io.labfleet.provisioner.docker;

import io.labfleet.commons.Sha256;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.RestartPolicy;
import com.github.dockerjava.api.model.Volume;
import io.labfleet.provisioner.ResourceLimits;
import io.labfleet.provisioner.SandboxLabels;
import io.labfleet.provisioner.SandboxSpec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The Docker objects one sandbox needs, built from its spec with no I/O: a bridge network of its own, a named
 * volume for the nested engine's data, and the DinD container with its limits, isolation, name servers and log
 * rotation. Every object carries the sandbox's labels and the installation's, and a name that starts with the
 * installation's prefix; the network's bridge interface is named with {@link #BRIDGE_PREFIX}, which the network
 * fence's rules match.
 */
public record DockerSandboxModel(NetworkSpec network, VolumeSpec volume, ContainerSpec container) {

    /** The nested dockerd listens here, without TLS: only the service can reach the sandbox's network. */
    public static final int DAEMON_PORT = 2375;
    static final String DOCKER_DATA = "/var/lib/docker";
    /** Every sandbox's bridge interface on the Docker host is named {@code lf} + 12 hex digits. */
    public static final String BRIDGE_PREFIX = "lf";
    /**
     * On a rootless sandbox's container: the host uid it runs as, so that installations sharing an engine see which
     * uids others' sandboxes hold.
     */
    public static final String UID_LABEL = "labfleet.io/rootless-uid";
    /** The Engine API's option naming a bridge network's interface on the host. */
    static final String BRIDGE_NAME_OPTION = "com.docker.network.bridge.name";
    private static final int BRIDGE_HASH_BYTES = 6;
    /** On a spare network (made before its sandbox is known): the holder its subnet is leased under. */
    public static final String SPARE_NETWORK_LABEL = "labfleet.io/spare-network";
    /** What spare networks' holders are made with ({@code spare-…}); sandbox ids start with {@code sb-}. */
    static final String SPARE_HOLDER_ID_PREFIX = "spare";
    private static final String SPARE_HOLDER_PREFIX = SPARE_HOLDER_ID_PREFIX + "-";
    private static final long NANO_CPUS_PER_MILLI_CPU = 1_000_000L;

    /**
     * A bridge network holding only this sandbox; {@code internal} cuts it off from everything but the host.
     *
     * @param bridge the name of its interface on the Docker host (at most 15 characters)
     */
    public record NetworkSpec(String name, String bridge, boolean internal, Map<String, String> labels) {
    }

    public record VolumeSpec(String name, Map<String, String> labels) {
    }

    /**
     * @param user       the user it runs as; empty for the image's own
     * @param daemonArgs appended to dockerd's command line by the sandbox image's entrypoint
     * @param env        what the image's entrypoint reads: the official docker:dind serves plain TCP on 2375
     *                   only when told that there is no TLS certificate directory
     */
    public record ContainerSpec(String name, String image, String hostname, Optional<String> user,
                                Map<String, String> labels, List<String> daemonArgs, List<String> env,
                                HostConfig hostConfig) {
    }

    /**
     * @param rootlessUid the host uid the sandbox leased, for a profile that {@linkplain
     *                    IsolationProfile#runsAsItsOwnUid() runs as its own uid}; empty for the others
     */
    public static DockerSandboxModel of(SandboxSpec spec, IsolationProfile isolation, SandboxTemplate template,
                                        OptionalInt rootlessUid) {
        return of(spec, isolation, template, rootlessUid, Optional.empty());
    }

    /**
     * @param spare the {@linkplain #spareNetwork spare network} the sandbox took; empty for a network of its own,
     *              named and labelled as the sandbox
     */
    public static DockerSandboxModel of(SandboxSpec spec, IsolationProfile isolation, SandboxTemplate template,
                                        OptionalInt rootlessUid, Optional<NetworkSpec> spare) {
        Map<String, String> labels = labels(spec, template.installation());
        String name = name(template.installation(), spec.sandboxId());
        NetworkSpec network = spare.orElseGet(() -> new NetworkSpec(name,
                bridge(template.installation(), spec.sandboxId()), !template.outboundNetwork(), labels));
        VolumeSpec volume = new VolumeSpec(name + "-docker", labels);
        Map<String, String> containerLabels = new HashMap<>(labels);
        rootlessUid.ifPresent(uid -> containerLabels.put(UID_LABEL, String.valueOf(uid)));
        ContainerSpec container = new ContainerSpec(name, template.image(), spec.sandboxId(),
                isolation.containerUser(rootlessUid), Map.copyOf(containerLabels), daemonArgs(template),
                List.of("DOCKER_TLS_CERTDIR="),
                hostConfig(spec.limits(), isolation, template, network.name(), volume.name()));
        return new DockerSandboxModel(network, volume, container);
    }

    /**
     * The nested daemon always gets explicit name servers: without them it hands its containers Docker's public
     * fallback resolvers.
     */
    private static List<String> daemonArgs(SandboxTemplate template) {
        List<String> args = new ArrayList<>();
        template.registryMirror().ifPresent(mirror -> args.add("--registry-mirror=" + mirror));
        template.dns().forEach(server -> args.add("--dns=" + server));
        return List.copyOf(args);
    }

    /** The name of the sandbox's bridge interface: unique per installation and sandbox, 14 characters. */
    static String bridge(String installation, String sandboxId) {
        byte[] digest = Sha256.digest((installation + "/" + sandboxId).getBytes(StandardCharsets.UTF_8));
        return BRIDGE_PREFIX + HexFormat.of().formatHex(digest, 0, BRIDGE_HASH_BYTES);
    }

    /**
     * A sandbox network made before its sandbox is known ({@code labfleet.docker.spare-networks}): the same bridge
     * prefix (so the network fence covers it) and the same isolation as a sandbox's own, labelled with the
     * installation and with {@code holder}, the name its subnet is leased under until a sandbox takes it over.
     */
    public static NetworkSpec spareNetwork(SandboxTemplate template, String holder) {
        if (!isSpareHolder(holder)) {
            throw new IllegalArgumentException("not a spare network's holder: " + holder);
        }
        return new NetworkSpec(name(template.installation(), holder), bridge(template.installation(), holder),
                !template.outboundNetwork(), Map.of(SandboxLabels.MANAGED_BY, SandboxLabels.MANAGER,
                SandboxLabels.INSTALLATION, template.installation(), SPARE_NETWORK_LABEL, holder));
    }

    /** Whether a subnet lease's holder is a spare network's rather than a sandbox's. */
    static boolean isSpareHolder(String holder) {
        return holder.startsWith(SPARE_HOLDER_PREFIX);
    }

    /** The name of the sandbox's container and network; its volume adds {@code -docker}. */
    public static String name(String installation, String sandboxId) {
        return "labfleet-" + installation + "-" + sandboxId;
    }

    /** Labels that select every object of one sandbox of one installation. */
    public static Map<String, String> selector(String installation, String sandboxId) {
        return Map.of(SandboxLabels.INSTALLATION, installation, SandboxLabels.SANDBOX, sandboxId);
    }

    private static Map<String, String> labels(SandboxSpec spec, String installation) {
        Map<String, String> labels = new HashMap<>(SandboxLabels.of(spec));
        labels.put(SandboxLabels.INSTALLATION, installation);
        return Map.copyOf(labels);
    }

    private static HostConfig hostConfig(ResourceLimits limits, IsolationProfile isolation,
                                         SandboxTemplate template, String network, String volume) {
        SandboxHostConfig host = new SandboxHostConfig();
        host.withNetworkMode(network)
                .withDns(template.dns())
                .withLogConfig(new LogConfig(LogConfig.LoggingType.JSON_FILE, Map.of(
                        "max-size", template.logMaxSize(), "max-file", String.valueOf(template.logMaxFiles()))))
                .withBinds(new Bind(volume, new Volume(DOCKER_DATA)))
                .withMemory(limits.memoryBytes())
                // The same value for memory and memory+swap: a sandbox never swaps past its limit.
                .withMemorySwap(limits.memoryBytes())
                .withNanoCPUs(limits.milliCpus() * NANO_CPUS_PER_MILLI_CPU)
                .withPidsLimit(limits.pids())
                // An engine restart (upgrade, reboot) brings the sandbox back with the learner's work in it.
                .withRestartPolicy(RestartPolicy.unlessStoppedRestart());
        isolation.applyTo(host, template.seccompProfile());
        return host;
    }
}
