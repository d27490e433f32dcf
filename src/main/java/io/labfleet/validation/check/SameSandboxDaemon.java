package io.labfleet.validation.check;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A sandbox's daemon that confirms, before each probe or file reader it starts, that the address still belongs to
 * the sandbox being validated: a probe runs code in the sandbox and reads its network, so it must never reach a
 * daemon that by now is another learner's.
 */
public final class SameSandboxDaemon implements SandboxDaemon {

    private final SandboxDaemon daemon;
    private final Runnable confirmSameSandbox;

    /** @param confirmSameSandbox throws {@link SandboxChangedException} when the address changed hands */
    public SameSandboxDaemon(SandboxDaemon daemon, Runnable confirmSameSandbox) {
        this.daemon = daemon;
        this.confirmSameSandbox = confirmSameSandbox;
    }

    @Override
    public HelperResult runHelper(HelperRun run) {
        confirmSameSandbox.run();
        return daemon.runHelper(run);
    }

    @Override
    public Optional<String> readVolumeFile(String volume, String path, String imageId) {
        confirmSameSandbox.run();
        return daemon.readVolumeFile(volume, path, imageId);
    }

    @Override
    public Map<String, String> readVolumeFiles(String volume, String imageId) {
        confirmSameSandbox.run();
        return daemon.readVolumeFiles(volume, imageId);
    }

    @Override
    public Optional<String> readImageFile(String imageId, String path) {
        confirmSameSandbox.run();
        return daemon.readImageFile(imageId, path);
    }

    @Override
    public String name() {
        return daemon.name();
    }

    @Override
    public DaemonInfo info() {
        return daemon.info();
    }

    @Override
    public List<ContainerFacts> containers() {
        return daemon.containers();
    }

    @Override
    public List<FileChange> changes(String containerId) {
        return daemon.changes(containerId);
    }

    @Override
    public List<ImageFacts> images() {
        return daemon.images();
    }

    @Override
    public List<ImageLayer> history(String imageId) {
        return daemon.history(imageId);
    }

    @Override
    public List<VolumeFacts> volumes() {
        return daemon.volumes();
    }

    @Override
    public List<NetworkFacts> networks() {
        return daemon.networks();
    }

    @Override
    public EventHistory events() {
        return daemon.events();
    }

    @Override
    public void close() {
        daemon.close();
    }
}
