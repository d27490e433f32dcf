package io.labfleet.provisioner.docker;

import io.labfleet.commons.ImageReference;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.LoadImageCallback;
import com.github.dockerjava.api.command.SaveImagesCmd;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import io.labfleet.config.DockerConfig;
import io.labfleet.config.LabfleetConfig;
import io.labfleet.provisioner.ProgressListener;
import io.labfleet.provisioner.ProvisioningException;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Makes the images a lab needs present in a sandbox's daemon before the learner starts, either copied from the
 * host engine ({@code docker save | docker -H sandbox load}, the save kept by {@link ImageArchives}) or pulled by the
 * sandbox's daemon.
 */
@ApplicationScoped
class SandboxImages {

    private final DockerEngine engine;
    private final ImageArchives archives;
    private final DockerConfig.ImageSource source;
    private final Duration transferTimeout;

    SandboxImages(DockerEngine engine, ImageArchives archives, DockerConfig docker, LabfleetConfig labfleet) {
        this.engine = engine;
        this.archives = archives;
        this.source = docker.imageSource();
        this.transferTimeout = labfleet.sandbox().provisioningTimeout();
    }

    /**
     * Seeds the images the sandbox lacks, then reports the {@code images} step at 100 %.
     *
     * @throws ProvisioningException when an image cannot be had, naming it and what to do
     */
    void seed(String daemonHost, List<String> images, ProgressListener progress) {
        List<ImageReference> wanted = images.stream().map(SandboxImages::seedable).distinct().toList();
        try (DockerClient sandbox = DockerEngine.daemon(daemonHost, DockerSandboxModel.DAEMON_PORT, transferTimeout)) {
            List<ImageReference> missing = wanted.stream().filter(image -> !present(sandbox, image)).toList();
            if (!missing.isEmpty()) {
                switch (source) {
                    case COPY -> copy(sandbox, missing);
                    case PULL -> pull(sandbox, missing);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        progress.onProgress("images", 100, wanted.isEmpty() ? "The lab needs no images."
                : "Images ready: " + wanted.stream().map(ImageReference::toString).collect(Collectors.joining(", "))
                + " (" + source.name().toLowerCase(Locale.ROOT) + ").");
    }

    /**
     * The reference split the way the Docker API's save and pull calls want it ({@code nginx} is {@code nginx:latest}).
     *
     * @throws IllegalArgumentException for a digest, which they cannot take, or what is no image reference
     */
    static ImageReference seedable(String reference) {
        ImageReference image = ImageReference.parse(reference);
        if (image.digest() != null) {
            throw new IllegalArgumentException("Image reference '" + reference
                    + "' must be repository[:tag]; digests are not supported.");
        }
        return image.withDefaultTag();
    }

    private static boolean present(DockerClient docker, ImageReference image) {
        return idOf(docker, image).isPresent();
    }

    private static Optional<String> idOf(DockerClient docker, ImageReference image) {
        try {
            return Optional.ofNullable(docker.inspectImageCmd(image.toString()).exec().getId());
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    /** Loads the host's images into the sandbox, from the archive of them this service keeps ({@link ImageArchives}). */
    private void copy(DockerClient sandbox, List<ImageReference> images) {
        DockerClient host = engine.host();
        SaveImagesCmd save = host.saveImagesCmd();
        List<String> ids = new ArrayList<>();
        for (ImageReference image : images) {
            ids.add(idOf(host, image).orElseThrow(() -> new ProvisioningException("The image " + image
                    + " is not on the Docker host, so it cannot be copied into the sandbox. Pull it on the host (or"
                    + " build the offline stand-ins with fixtures/build-images.sh), or set"
                    + " labfleet.docker.image-source=pull.")));
            save.withImage(image.name(), image.tag());
        }
        List<String> references = images.stream().map(ImageReference::toString).toList();
        // The plain load command returns once the daemon accepted the upload, before it has unpacked it: READY
        // would then come before the images exist, and a learner's first run would make the sandbox try a pull.
        try (InputStream archive = archives.open(references, ids, save::exec)) {
            boolean loaded = sandbox.loadImageAsyncCmd(archive).exec(new LoadImageCallback())
                    .awaitCompletion(transferTimeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!loaded) {
                throw new ProvisioningException("Copying " + images + " into the sandbox did not finish within "
                        + transferTimeout.toSeconds() + " s.");
            }
        } catch (IOException | DockerException | DockerClientException e) {
            archives.forget(references);
            throw new ProvisioningException("Copying " + images + " into the sandbox failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProvisioningException("Interrupted while copying " + images + " into the sandbox.", e);
        }
        List<ImageReference> absent = images.stream().filter(image -> !present(sandbox, image)).toList();
        if (!absent.isEmpty()) {
            archives.forget(references);
            throw new ProvisioningException("The sandbox's daemon loaded the archive but does not have " + absent
                    + "; see its log.");
        }
    }

    private void pull(DockerClient sandbox, List<ImageReference> images) {
        for (ImageReference image : images) {
            try {
                boolean done = sandbox.pullImageCmd(image.name()).withTag(image.tag()).start()
                        .awaitCompletion(transferTimeout.toMillis(), TimeUnit.MILLISECONDS);
                if (!done) {
                    throw new ProvisioningException("The sandbox could not pull " + image + " within "
                            + transferTimeout.toSeconds() + " s; check its registry (or labfleet.docker.registry-mirror).");
                }
            } catch (DockerException | DockerClientException e) {
                throw new ProvisioningException("The sandbox could not pull " + image + ": " + e.getMessage()
                        + ". Check its registry (or labfleet.docker.registry-mirror), or copy images from the host"
                        + " with labfleet.docker.image-source=copy.", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProvisioningException("Interrupted while the sandbox pulled " + image + ".", e);
            }
        }
    }
}
