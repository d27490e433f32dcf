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
     * @param status       created, running, paused, restarting, removing, exited or dead
     * @param exitCode     the last exit code (0 while it never ran)
     * @param health       starting, healthy or unhealthy; null without a health check
     * @param restartCount how many times its restart policy started it again
     * @param finishedAt   when its process last ended; null while it never ended
     */
    public record State(String status, int exitCode, String health, int restartCount, Instant finishedAt) {

        public State(String status, int exitCode, String health) {
            this(status, exitCode, health, 0, null);
        }

        /** Whether its process has run without a stop or a restart since it was created. */
        public boolean neverStopped() {
            return restartCount == 0 && finishedAt == null;
        }
    }

    /**
     * How it was asked to run: {@code healthcheck} is the health check's test ({@code ["NONE"]} when disabled,
     * empty when there is none), {@code restartPolicy} empty or {@code no} when none, {@code pidMode} empty for
     * a private PID namespace, {@code capAdd} / {@code capDrop} the capabilities as given ({@code ALL},
     * {@code NET_RAW} or {@code CAP_NET_RAW}), {@code securityOptions} the {@code --security-opt} values,
     * {@code privileged} whether it got every capability and device ({@code --privileged}).
     */
    public record Config(String user, List<String> env, List<String> healthcheck, String restartPolicy,
                         int restartRetries, boolean init, String logDriver, Map<String, String> logOptions,
                         String pidMode, boolean readOnlyRootfs, List<String> capAdd, List<String> capDrop,
                         List<String> securityOptions, boolean privileged) {

        public Config {
            env = List.copyOf(env);
            healthcheck = List.copyOf(healthcheck);
            logOptions = logOptions == null ? Map.of() : Map.copyOf(logOptions);
            capAdd = capAdd == null ? List.of() : List.copyOf(capAdd);
            capDrop = capDrop == null ? List.of() : List.copyOf(capDrop);
            securityOptions = securityOptions == null ? List.of() : List.copyOf(securityOptions);
        }

        public Config(String user, List<String> env, List<String> healthcheck, String restartPolicy, int restartRetries,
                      boolean init, String logDriver, Map<String, String> logOptions, String pidMode,
                      boolean readOnlyRootfs) {
            this(user, env, healthcheck, restartPolicy, restartRetries, init, logDriver, logOptions, pidMode,
                    readOnlyRootfs, List.of(), List.of(), List.of(), false);
        }
    }

    /**
     * Resource limits; 0 means none. CPU comes as {@code --cpus} (nanoCpus) or as a CFS quota and period;
     * {@code pids} is {@code --pids-limit}.
     */
    public record Limits(long memory, long nanoCpus, long cpuQuota, long cpuPeriod, long pids) {

        public Limits(long memory, long nanoCpus, long cpuQuota, long cpuPeriod) {
            this(memory, nanoCpus, cpuQuota, cpuPeriod, 0);
        }
    }

    /** Its name, or its service name in a compose file. */
    public boolean answersTo(String wanted) {
        return ComposeNames.CONTAINER.answersTo(wanted, name, labels);
    }

    public String shortId() {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }
}
