package io.labfleet.validation.check;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What one check reads from the sandbox, each fact asked of the daemon at most once during the check.
 */
public final class Evidence {

    private final SandboxDaemon daemon;
    private final CheckContext context;
    private final Map<String, Object> asked = new HashMap<>();

    public Evidence(SandboxDaemon daemon, CheckContext context) {
        this.daemon = daemon;
        this.context = context;
    }

    public SandboxDaemon daemon() {
        return daemon;
    }

    public CheckContext context() {
        return context;
    }

    public DaemonInfo info() {
        return once("info", daemon::info);
    }

    public List<ContainerFacts> containers() {
        return once("containers", daemon::containers);
    }

    public ImageCatalog images() {
        return once("images", () -> new ImageCatalog(daemon.images()));
    }

    public EventHistory events() {
        return once("events", daemon::events);
    }

    public List<NetworkFacts> networks() {
        return once("networks", daemon::networks);
    }

    public List<VolumeFacts> volumes() {
        return once("volumes", daemon::volumes);
    }

    public List<FileChange> changes(String containerId) {
        return once("changes:" + containerId, () -> daemon.changes(containerId));
    }

    public List<ImageLayer> history(String imageId) {
        return once("history:" + imageId, () -> daemon.history(imageId));
    }

    @SuppressWarnings("unchecked")
    private <T> T once(String key, Supplier<T> ask) {
        Object known = asked.get(key);
        if (known == null) {
            known = ask.get();
            asked.put(key, known);
        }
        return (T) known;
    }
}
