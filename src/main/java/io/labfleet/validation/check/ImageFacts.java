package io.labfleet.validation.check;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** An image as {@code docker image inspect} shows it. A dangling image has no tag. */
public record ImageFacts(String id, List<String> repoTags, List<String> repoDigests, long size, Config config) {

    public ImageFacts {
        repoTags = List.copyOf(repoTags);
        repoDigests = List.copyOf(repoDigests);
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
