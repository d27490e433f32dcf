package io.labfleet.validation.check;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the checks may ask of one sandbox's Docker daemon. Containers the engine itself runs (probes, volume
 * readers) are never reported, nor are their events, so checks see only what the learner made.
 *
 * @throws SandboxDaemonException from any method when the daemon does not answer or refuses
 */
public interface SandboxDaemon extends AutoCloseable {

    DaemonInfo info();

    /** The daemon's own name: the host name of the sandbox it runs in, which is the sandbox's id. */
    String name();

    /** Every container, running or not, inspected. */
    List<ContainerFacts> containers();

    /** What {@code docker diff} shows for the container. */
    List<FileChange> changes(String containerId);

    /** Every image, tagged or dangling. */
    List<ImageFacts> images();

    /** The image's history, newest step first (as {@code docker history} prints it). */
    List<ImageLayer> history(String imageId);

    List<VolumeFacts> volumes();

    List<NetworkFacts> networks();

    /** The events the daemon still remembers, oldest first. */
    EventHistory events();

    /**
     * Runs a short-lived container of {@code run.image()} and removes it, whatever happens.
     *
     * @throws HelperImageMissingException when the image is not in the sandbox (nothing is ever pulled)
     * @throws ProbeSourceStoppedException when it was to join a container's network that is no longer running
     */
    HelperResult runHelper(HelperRun run);

    /**
     * Reads a file of a volume through a container that is created (with the volume mounted) but never started,
     * then removed; any image of the sandbox will do.
     *
     * @return the file's first 64 KiB as UTF-8, or empty when there is no such regular file
     */
    Optional<String> readVolumeFile(String volume, String path, String imageId);

    /**
     * Reads the regular files of a volume, as {@link #readVolumeFile} does one, within bounds: the first 64 KiB of
     * each, at most {@link #VOLUME_FILES} files and {@link #VOLUME_BYTES} bytes in all (what is past them is left
     * unread; a learner's volume may hold anything).
     *
     * @return path inside the volume (no leading slash) to content, in the order the daemon lists them
     */
    Map<String, String> readVolumeFiles(String volume, String imageId);

    /** The most files {@link #readVolumeFiles} reads. */
    int VOLUME_FILES = 100;

    /** The most bytes {@link #readVolumeFiles} goes through. */
    long VOLUME_BYTES = 4L << 20;

    /**
     * Reads a file of an image through a container of it that is created but never started (so an image of another
     * architecture can be read too), then removed.
     *
     * @param path an absolute path in the image
     * @return the file's first 64 KiB as UTF-8, or empty when there is no such regular file
     */
    Optional<String> readImageFile(String imageId, String path);

    @Override
    void close();
}
