package io.labfleet.validation.check;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A container as {@code docker inspect} shows it, reduced to what checks look at. {@code image} is the
 * reference as the learner typed it, {@code imageId} the image it resolved to.
 */
public record ContainerFacts(
        String id,
        String name,
        Map<String, String> labels,
        String image,
        String imageId,
        Instant created,
        State state,
        Config config,
        Limits limits,
        List<PublishedPort> ports,
        List<MountFacts> mounts,
        List<NetworkFacts> networks) {

    public ContainerFacts {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        ports = List.copyOf(ports);
        mounts = List.copyOf(mounts);
        networks = List.copyOf(networks);
    }

    /**
     * @param status   created, running, paused, restarting, removing, exited or dead
     * @param exitCode the last exit code (0 while it never ran)
     * @param health   starting, healthy or unhealthy; null without a health check
     */
    public record State(String status, int exitCode, String health) {
    }

    /**
     * How it was asked to run: {@code healthcheck} is the health check's test ({@code ["NONE"]} when disabled,
     * empty when there is none), {@code restartPolicy} empty or {@code no} when none, {@code pidMode} empty for
     * a private PID namespace.
     */
    public record Config(String user, List<String> env, List<String> healthcheck, String restartPolicy,
                         int restartRetries, boolean init, String logDriver, Map<String, String> logOptions,
                         String pidMode, boolean readOnlyRootfs) {

        public Config {
            env = List.copyOf(env);
            healthcheck = List.copyOf(healthcheck);
            logOptions = logOptions == null ? Map.of() : Map.copyOf(logOptions);
        }
    }

    /** Resource limits; 0 means none. CPU comes as {@code --cpus} (nanoCpus) or as a CFS quota and period. */
    public record Limits(long memory, long nanoCpus, long cpuQuota, long cpuPeriod) {
    }

    /** Its name, or its service name in a compose file. */
    public boolean answersTo(String wanted) {
        return ComposeNames.CONTAINER.answersTo(wanted, name, labels);
    }

    public String shortId() {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }
}
