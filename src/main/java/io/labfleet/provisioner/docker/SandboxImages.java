package io.labfleet.provisioner.docker;

import com.github.dockerjava.api.DockerClient;
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
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Makes the images a lab needs present in a sandbox's daemon before the learner starts, either copied from the
 * host engine ({@code docker save | docker -H sandbox load}) or pulled by the sandbox's daemon.
 */
@ApplicationScoped
class SandboxImages {

    private final DockerEngine engine;
    private final DockerConfig.ImageSource source;
    private final Duration transferTimeout;

    SandboxImages(DockerEngine engine, DockerConfig docker, LabfleetConfig labfleet) {
        this.engine = engine;
        this.source = docker.imageSource();
        this.transferTimeout = labfleet.sandbox().provisioningTimeout();
    }

    /**
     * Seeds the images the sandbox lacks, then reports the {@code images} step at 100 %.
     *
     * @throws ProvisioningException when an image cannot be had, naming it and what to do
     */
    void seed(String daemonHost, List<String> images, ProgressListener progress) {
        List<ImageReference> wanted = images.stream().map(ImageReference::parse).distinct().toList();
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

    private static boolean present(DockerClient docker, ImageReference image) {
        try {
            docker.inspectImageCmd(image.toString()).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    private void copy(DockerClient sandbox, List<ImageReference> images) {
        DockerClient host = engine.host();
        SaveImagesCmd save = host.saveImagesCmd();
        for (ImageReference image : images) {
            if (!present(host, image)) {
                throw new ProvisioningException("The image " + image + " is not on the Docker host, so it cannot be"
                        + " copied into the sandbox. Pull it on the host (or build the offline stand-ins with"
                        + " fixtures/build-images.sh), or set labfleet.docker.image-source=pull.");
            }
            save.withImage(image.repository(), image.tag());
        }
        try (InputStream archive = save.exec()) {
            sandbox.loadImageCmd(archive).exec();
        } catch (IOException | DockerException e) {
            throw new ProvisioningException("Copying " + images + " into the sandbox failed: " + e.getMessage(), e);
        }
    }

    private void pull(DockerClient sandbox, List<ImageReference> images) {
        for (ImageReference image : images) {
            try {
                boolean done = sandbox.pullImageCmd(image.repository()).withTag(image.tag()).start()
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
