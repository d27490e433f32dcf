package io.labfleet.provisioner.docker;

import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import io.labfleet.provisioner.ResourceLimits;
import io.labfleet.provisioner.SandboxLabels;
import io.labfleet.provisioner.SandboxSpec;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Docker objects one sandbox needs, built from its spec with no I/O: a bridge network of its own, a named
 * volume for the nested engine's data, and the DinD container with its limits and isolation. Every object
 * carries the sandbox's labels and the installation's, and a name that starts with the installation's prefix.
 */
public record DockerSandboxModel(NetworkSpec network, VolumeSpec volume, ContainerSpec container) {

    /** The nested dockerd listens here, without TLS: only the service can reach the sandbox's network. */
    public static final int DAEMON_PORT = 2375;
    static final String DOCKER_DATA = "/var/lib/docker";
    private static final long NANO_CPUS_PER_MILLI_CPU = 1_000_000L;

    /** A bridge network holding only this sandbox; {@code internal} cuts it off from everything but the host. */
    public record NetworkSpec(String name, boolean internal, Map<String, String> labels) {
    }

    public record VolumeSpec(String name, Map<String, String> labels) {
    }

    /**
     * @param daemonArgs appended to dockerd's command line by the sandbox image's entrypoint
     * @param env        what the image's entrypoint reads: the official docker:dind serves plain TCP on 2375
     *                   only when told that there is no TLS certificate directory
     */
    public record ContainerSpec(String name, String image, String hostname, Map<String, String> labels,
                                List<String> daemonArgs, List<String> env, HostConfig hostConfig) {
    }

    public static DockerSandboxModel of(SandboxSpec spec, IsolationProfile isolation, SandboxTemplate template) {
        Map<String, String> labels = labels(spec, template.installation());
        String name = name(template.installation(), spec.sandboxId());
        NetworkSpec network = new NetworkSpec(name, !template.outboundNetwork(), labels);
        VolumeSpec volume = new VolumeSpec(name + "-docker", labels);
        ContainerSpec container = new ContainerSpec(name, template.image(), spec.sandboxId(), labels,
                template.registryMirror().map(mirror -> List.of("--registry-mirror=" + mirror)).orElse(List.of()),
                List.of("DOCKER_TLS_CERTDIR="),
                hostConfig(spec.limits(), isolation, network.name(), volume.name()));
        return new DockerSandboxModel(network, volume, container);
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

    private static HostConfig hostConfig(ResourceLimits limits, IsolationProfile isolation, String network,
                                         String volume) {
        HostConfig host = HostConfig.newHostConfig()
                .withNetworkMode(network)
                .withBinds(new Bind(volume, new Volume(DOCKER_DATA)))
                .withMemory(limits.memoryBytes())
                // The same value for memory and memory+swap: a sandbox never swaps past its limit.
                .withMemorySwap(limits.memoryBytes())
                .withNanoCPUs(limits.milliCpus() * NANO_CPUS_PER_MILLI_CPU)
                .withPidsLimit(limits.pids());
        isolation.applyTo(host);
        return host;
    }
}
