package io.labfleet.validation.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Facts set by a test, in place of a sandbox's daemon, for the checks' unit tests. */
public class FakeSandboxDaemon implements SandboxDaemon {

    public DaemonInfo info = new DaemonInfo("linux", "amd64", "20.10.24", "1.41");
    public final List<ContainerFacts> containers = new ArrayList<>();
    public final Map<String, List<FileChange>> changes = new HashMap<>();
    public final List<ImageFacts> images = new ArrayList<>();
    public final Map<String, List<ImageLayer>> histories = new HashMap<>();
    public final List<VolumeFacts> volumes = new ArrayList<>();
    public final Map<String, String> volumeFiles = new HashMap<>();
    public final Map<String, String> imageFiles = new HashMap<>();
    public final List<NetworkFacts> networks = new ArrayList<>();
    public final List<DaemonEvent> events = new ArrayList<>();
    public final List<HelperRun> helperRuns = new ArrayList<>();
    public Function<HelperRun, HelperResult> helper = run -> new HelperResult(0, "", false);

    @Override
    public DaemonInfo info() {
        return info;
    }

    @Override
    public String name() {
        return "sb-fake";
    }

    @Override
    public List<ContainerFacts> containers() {
        return containers;
    }

    @Override
    public List<FileChange> changes(String containerId) {
        return changes.getOrDefault(containerId, List.of());
    }

    @Override
    public List<ImageFacts> images() {
        return images;
    }

    @Override
    public List<ImageLayer> history(String imageId) {
        return histories.getOrDefault(imageId, List.of());
    }

    @Override
    public List<VolumeFacts> volumes() {
        return volumes;
    }

    @Override
    public List<NetworkFacts> networks() {
        return networks;
    }

    @Override
    public EventHistory events() {
        return new EventHistory(events, events.size() >= EventHistory.DAEMON_MEMORY);
    }

    @Override
    public HelperResult runHelper(HelperRun run) {
        helperRuns.add(run);
        return helper.apply(run);
    }

    @Override
    public Optional<String> readVolumeFile(String volume, String path, String imageId) {
        return Optional.ofNullable(volumeFiles.get(volume + "/" + path));
    }

    @Override
    public Map<String, String> readVolumeFiles(String volume, String imageId) {
        Map<String, String> files = new java.util.TreeMap<>();
        volumeFiles.forEach((key, content) -> {
            if (key.startsWith(volume + "/")) {
                files.put(key.substring(volume.length() + 1), content);
            }
        });
        return files;
    }

    @Override
    public Optional<String> readImageFile(String imageId, String path) {
        return Optional.ofNullable(imageFiles.get(imageId + path));
    }

    @Override
    public void close() {
    }

    /** A running container made with {@code docker run --name NAME IMAGE} and nothing else. */
    public static ContainerFacts container(String name, String image, String imageId) {
        return new ContainerFacts("id-" + name, name, Map.of(), image, imageId, java.time.Instant.parse("2026-11-28T10:00:00Z"),
                new ContainerFacts.State("running", 0, null),
                new ContainerFacts.Config("", List.of("PATH=/usr/bin"), List.of(), "no", 0, false, "json-file", Map.of(),
                        "", false),
                new ContainerFacts.Limits(0, 0, 0, 0), List.of(), List.of(), List.of());
    }

    public static DaemonEvent event(String containerId, String name, String image, String action, long time) {
        return new DaemonEvent("container", action, "", containerId, Map.of("name", name, "image", image), time);
    }
}
