package io.labfleet.validation.check;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** An image as {@code docker image inspect} shows it. A dangling image has no tag. */
public record ImageFacts(String id, List<String> repoTags, List<String> repoDigests, long size, Config config,
                         Platform platform) {

    public ImageFacts {
        repoTags = List.copyOf(repoTags);
        repoDigests = List.copyOf(repoDigests);
    }

    public ImageFacts(String id, List<String> repoTags, List<String> repoDigests, long size, Config config) {
        this(id, repoTags, repoDigests, size, config, Platform.LINUX_AMD64);
    }

    /** What the image is built for: its {@code Os} and {@code Architecture}. */
    public record Platform(String os, String architecture) {

        public static final Platform LINUX_AMD64 = new Platform("linux", "amd64");

        /** {@code linux/arm64}, as docker prints it. */
        @Override
        public String toString() {
            return os + "/" + architecture;
        }
    }

    /** The configuration containers of the image start with ({@code healthcheck} as for containers). */
    public record Config(String user, List<String> cmd, List<String> entrypoint, List<String> env,
                         Set<String> exposedPorts, String workdir, Map<String, String> labels,
                         List<String> healthcheck) {

        public Config {
            cmd = cmd == null ? List.of() : List.copyOf(cmd);
            entrypoint = entrypoint == null ? List.of() : List.copyOf(entrypoint);
            env = List.copyOf(env);
            exposedPorts = Set.copyOf(exposedPorts);
            labels = labels == null ? Map.of() : Map.copyOf(labels);
            healthcheck = List.copyOf(healthcheck);
        }
    }

    public boolean dangling() {
        return repoTags.isEmpty() || repoTags.stream().allMatch("<none>:<none>"::equals);
    }

    public String shortId() {
        String hex = id.startsWith("sha256:") ? id.substring(7) : id;
        return hex.length() > 12 ? hex.substring(0, 12) : hex;
    }

    /** How {@code docker images} would name it: its first tag, or its short id. */
    public String displayName() {
        return dangling() ? shortId() : repoTags.get(0);
    }
}
