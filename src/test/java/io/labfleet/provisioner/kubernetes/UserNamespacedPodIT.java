package io.labfleet.provisioner.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.labfleet.config.KubernetesConfig;
import io.labfleet.support.HostDocker;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.OptionalLong;

import static io.labfleet.provisioner.kubernetes.KubernetesTestConfig.NOW;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rootless pod with a user namespace of its own ({@code hostUsers: false}) holds only the ids 0-65535: the sandbox
 * image's daemon must start there as the user the pod model names, with nested containers whose ids all stay in the
 * pod's range. Played on the real engine by {@link PodOnEngine} (the kubelet's user namespace, id-mapped root file
 * system and pid namespace; not a real kubelet: no cluster runs here), with the image of
 * {@code LABFLEET_KUBERNETES_IMAGE}, else the default. As uid 1000, whose subordinate ids start at 100000, newuidmap
 * cannot map them and the daemon never starts.
 */
@Tag("engine")
class UserNamespacedPodIT {

    @Test
    void theRootlessDaemonRunsWithNestedContainersInsideThePodsOwnIds() throws Exception {
        KubernetesConfig config = SandboxPodDataIT.config(Map.of("labfleet.kubernetes.user-namespaces", "enabled"));
        SandboxPodModel model = new SandboxPodModel(config, true);
        Pod pod = model.pod(SandboxPodDataIT.SPEC, NOW, OptionalLong.empty());
        String archive = model.labImageArchives(SandboxPodDataIT.SPEC).get(0);
        String image = SandboxPodDataIT.IMAGE;
        assertThat(pod.getSpec().getHostUsers()).isFalse();

        try (PodOnEngine running = PodOnEngine.start(pod, copied -> {
            Path copy = copied.emptyDir(SandboxPodModel.LAB_IMAGES_VOLUME).resolve(archive);
            HostDocker.run("save", "-o", copy.toString(), image);
            Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
        })) {
            running.awaitDaemon(config.daemonPort(), 120);
            HostDocker.Result seeded = running.exec(model.seedCommand(SandboxPodDataIT.SPEC).toArray(String[]::new));
            assertThat(seeded.succeeded()).as(seeded.output() + running.logs()).isTrue();

            String daemon = "tcp://127.0.0.1:" + config.daemonPort();
            HostDocker.Result nested = running.exec("docker", "-H", daemon, "run", "-d", "--pull=never", "--name",
                    "nested", image, "sleep", "300");
            assertThat(nested.succeeded()).as(nested.output()).isTrue();
            HostDocker.Result nobody = running.exec("docker", "-H", daemon, "run", "--rm", "--pull=never", "--user",
                    "65534", image, "id", "-u");
            assertThat(nobody.output().strip()).as("the nested namespace holds the usual images' ids, nobody's too")
                    .isEqualTo("65534");

            assertThat(running.processUids()).as("the daemon and the nested containers run as the pod's own ids")
                    .isNotEmpty()
                    .allSatisfy(uid -> assertThat(uid).isBetween(PodOnEngine.USERNS_HOST_BASE,
                            PodOnEngine.USERNS_HOST_BASE + 65535))
                    .contains(PodOnEngine.USERNS_HOST_BASE + pod.getSpec().getSecurityContext().getRunAsUser());
            assertThat(PodOnEngine.filesContaining(running.emptyDir(SandboxPodModel.DOCKER_DATA_VOLUME),
                    "repositories.json", image)).as("the daemon's images are in the emptyDir").isNotEmpty();
        }
    }

    /**
     * Outside a user namespace the account's subordinate ids 1-65534 are the host's own system users, which a
     * learner's nested root would then be: the image refuses to start it there (a pod with hostUsers left true, a
     * Docker host running the image as 65535).
     */
    @Test
    void theUserNamespaceAccountRefusesToRunOnTheHostsOwnIds() {
        String sandboxImage = SandboxPodDataIT.config(Map.of()).image();
        HostDocker.Result run = HostDocker.attempt("run", "--rm", "--pull=never", "--user", SandboxPodSecurity.USERNS_UID + ":"
                + SandboxPodSecurity.USERNS_UID, "--cap-drop", "ALL", "--cap-add", "SETUID", "--cap-add", "SETGID",
                "--device", "/dev/net/tun", sandboxImage);

        assertThat(run.exitCode()).as(run.output()).isNotZero();
        assertThat(run.output()).contains("runs only in a pod with hostUsers: false");
    }
}
