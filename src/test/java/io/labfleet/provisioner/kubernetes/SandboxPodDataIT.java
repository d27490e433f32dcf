package io.labfleet.provisioner.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.labfleet.config.KubernetesConfig;
import io.labfleet.provisioner.SandboxSpec;
import io.labfleet.support.HostDocker;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

import static io.labfleet.provisioner.kubernetes.KubernetesTestConfig.NOW;
import static io.labfleet.provisioner.kubernetes.KubernetesTestConfig.spec;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sandbox image run on the real engine exactly as the pod model asks (user, capabilities, seccomp, environment,
 * emptyDirs: {@link PodOnEngine}), seeded the way the provisioner seeds it (the model's own command loading the
 * lab's image archive the init container copied): the daemon's images must be in the pod's emptyDir, whose size
 * limit bounds them and which goes with the pod, and not on the container's own layer or in a volume the image
 * declares, both of which are the node's disk. The image is {@code LABFLEET_KUBERNETES_IMAGE} when set (the key of
 * {@code labfleet.kubernetes.image}), else the default.
 */
@Tag("engine")
class SandboxPodDataIT {

    static final SandboxSpec SPEC = spec("sb-data", "acme", "alice");
    static final String IMAGE = SPEC.images().get(0);

    @Test
    void aRootlessPodsDaemonKeepsItsImagesInTheEmptyDir() throws Exception {
        assertImagesStayInTheEmptyDir(config(Map.of()));
    }

    @Test
    void aRootPodsDaemonKeepsItsImagesInTheEmptyDir() throws Exception {
        assertImagesStayInTheEmptyDir(config(Map.of("labfleet.kubernetes.isolation", "privileged")));
    }

    private static void assertImagesStayInTheEmptyDir(KubernetesConfig config) throws Exception {
        SandboxPodModel model = new SandboxPodModel(config, false);
        Pod pod = model.pod(SPEC, NOW, model.needsLeasedUid() ? OptionalLong.of(FakePodUids.FIRST) : OptionalLong.empty());
        String archive = model.labImageArchives(SPEC).get(0);

        // As the init container's cp leaves it: readable by the pod's user.
        try (PodOnEngine running = PodOnEngine.start(pod, copied -> {
            Path copy = copied.emptyDir(SandboxPodModel.LAB_IMAGES_VOLUME).resolve(archive);
            HostDocker.run("save", "-o", copy.toString(), IMAGE);
            Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
        })) {
            long archiveSize = Files.size(running.emptyDir(SandboxPodModel.LAB_IMAGES_VOLUME).resolve(archive));
            running.awaitDaemon(config.daemonPort(), 120);

            HostDocker.Result seeded = running.exec(model.seedCommand(SPEC).toArray(String[]::new));
            assertThat(seeded.succeeded()).as(seeded.output() + running.logs()).isTrue();
            assertThat(running.exec("docker", "-H", "tcp://127.0.0.1:" + config.daemonPort(), "image", "inspect",
                    IMAGE).succeeded()).as("the daemon has the lab's image").isTrue();

            Path emptyDir = running.emptyDir(SandboxPodModel.DOCKER_DATA_VOLUME);
            assertThat(PodOnEngine.filesContaining(emptyDir, "repositories.json", IMAGE))
                    .as("the daemon's image store is in the pod's emptyDir " + emptyDir + "; the container wrote "
                            + running.layerChanges() + " to its own layer")
                    .isNotEmpty();
            for (Path volume : running.anonymousVolumes()) {
                assertThat(PodOnEngine.filesContaining(volume, "repositories.json", IMAGE))
                        .as("the image's own volume (the node's disk) holds no image store").isEmpty();
            }
            assertThat(running.layerChanges()).as("the container's layer holds no image store")
                    .noneMatch(path -> path.endsWith("/repositories.json"));
            assertThat(running.layerSize()).as("the container's layer is not where the image went")
                    .isLessThan(archiveSize / 2);
        }
    }

    static KubernetesConfig config(Map<String, String> overrides) {
        Map<String, String> keys = new HashMap<>(overrides);
        String image = System.getenv("LABFLEET_KUBERNETES_IMAGE");
        if (image != null && !image.isBlank()) {
            keys.put("labfleet.kubernetes.image", image);
        }
        return KubernetesTestConfig.with(keys);
    }
}
