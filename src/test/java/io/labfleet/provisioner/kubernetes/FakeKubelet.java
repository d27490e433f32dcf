package io.labfleet.provisioner.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.server.mock.OutputStreamMessage;
import io.fabric8.kubernetes.client.server.mock.StatusMessage;

import java.net.HttpURLConnection;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Plays the kubelet's part on the fake API server, where no pod ever changes phase by itself: it watches
 * for new pods and writes the status a node would report (by default Running and Ready with a pod IP, as once
 * the daemon answers the readiness probe). Tests can make it leave pods Pending or fail to pull images.
 */
final class FakeKubelet implements AutoCloseable {

    private static final long STATUS_AFTER_MILLIS = 50;

    private final KubernetesClient client;
    private final KubernetesMockServer server;
    private final AtomicInteger addresses = new AtomicInteger(6);
    private final Watch watch;
    private volatile Consumer<Pod> onNewPod = this::markReady;

    /** @param server where the kubelet answers the lab images' loading (an exec) of every pod it reports ready */
    FakeKubelet(KubernetesClient client, KubernetesMockServer server) {
        this.client = client;
        this.server = server;
        this.watch = client.pods().inAnyNamespace().watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                if (action == Action.ADDED) {
                    onNewPod.accept(pod);
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        });
    }

    /** New pods stay Pending, as on a cluster with no room for them. */
    void leavePodsPending() {
        onNewPod = pod -> {
        };
    }

    /** New pods' images cannot be pulled. */
    void failToPullImages() {
        onNewPod = pod -> setStatus(pod, new PodBuilder(pod).withNewStatus()
                .withPhase("Pending")
                .addNewContainerStatus()
                .withName(SandboxPodModel.CONTAINER)
                .withImage(pod.getSpec().getContainers().get(0).getImage())
                .withReady(false)
                .withNewState().withNewWaiting().withReason("ErrImagePull")
                .withMessage("failed to resolve reference: no route to registry").endWaiting().endState()
                .endContainerStatus()
                .endStatus().build());
    }

    /** The lab images' loading fails in every pod made from now on, as when an archive is broken. */
    void failToLoadImages(String output) {
        onNewPod = pod -> {
            markReady(pod, false);
            answerExec(pod, seedCommand(pod), false, false, 1, output);
        };
    }

    /** What the kubelet reports once the daemon answers its readiness probe; the lab images then load. */
    void markReady(Pod pod) {
        markReady(pod, true);
    }

    private void markReady(Pod pod, boolean imagesLoad) {
        if (imagesLoad && pod.getSpec().getInitContainers() != null && !pod.getSpec().getInitContainers().isEmpty()) {
            answerExec(pod, seedCommand(pod), false, false, 0, "Loaded image: busybox:latest\n");
        }
        setStatus(pod, new PodBuilder(pod).withNewStatus()
                .withPhase("Running")
                .withPodIP("10.42.0." + addresses.incrementAndGet())
                .addNewCondition().withType("Ready").withStatus("True").endCondition()
                .addNewContainerStatus()
                .withName(SandboxPodModel.CONTAINER)
                .withImage(pod.getSpec().getContainers().get(0).getImage())
                .withReady(true)
                .withNewState().withNewRunning().endRunning().endState()
                .endContainerStatus()
                .endStatus().build());
    }

    /** What the kubelet reports when the pod's activeDeadlineSeconds has passed. */
    void stopByDeadline(Pod pod) {
        setStatus(pod, new PodBuilder(pod).withNewStatus()
                .withPhase("Failed")
                .withReason("DeadlineExceeded")
                .withMessage("Pod was active on the node longer than the specified deadline")
                .endStatus().build());
    }

    /**
     * Answers one exec of {@code command} in the pod's sandbox container, as the kubelet would after running it:
     * its output on stdout, then its exit status. Fabric8 writes the exec request this way (checked by the tests
     * that use it: a request that does not match gets no answer and fails).
     */
    void answerExec(Pod pod, List<String> command, boolean stdin, boolean tty, int exitCode, String output) {
        StringBuilder path = new StringBuilder("/api/v1/namespaces/").append(pod.getMetadata().getNamespace())
                .append("/pods/").append(pod.getMetadata().getName()).append("/exec?");
        command.forEach(part -> path.append("command=").append(encode(part)).append('&'));
        path.append("container=").append(SandboxPodModel.CONTAINER);
        if (tty) {
            path.append("&tty=true");
        }
        if (stdin) {
            path.append("&stdin=true");
        }
        path.append("&stdout=true");
        if (!tty) {
            path.append("&stderr=true");
        }
        // The fake server closes a socket once it has nothing left to send, and may do so before its last message
        // is out, which a real API server never does; waiting for a message the client never sends keeps it open
        // (the client closes it once it has the exit status). The status comes after the output, as from a kubelet.
        server.expect().get().withPath(path.toString()).andUpgradeToWebSocket()
                .open(new OutputStreamMessage(output))
                .waitFor(STATUS_AFTER_MILLIS).andEmit(new StatusMessage(exitStatus(exitCode)))
                .expect("a message no client sends").andEmit(new StatusMessage(exitStatus(exitCode))).once()
                .done().always();
    }

    /** The status a kubelet ends an exec with: success, or the exit code as the cause of a failure. */
    private static Status exitStatus(int exitCode) {
        if (exitCode == 0) {
            return new StatusBuilder().withStatus("Success").build();
        }
        return new StatusBuilder().withStatus("Failure").withReason("NonZeroExitCode")
                .withMessage("command terminated with non-zero exit code")
                .withNewDetails().addNewCause().withReason("ExitCode").withMessage(String.valueOf(exitCode)).endCause()
                .endDetails().build();
    }

    /** The loading command the provisioner runs in a pod, read back from the archives its init container copies. */
    static List<String> seedCommand(Pod pod) {
        List<String> initCommand = pod.getSpec().getInitContainers().get(0).getCommand();
        List<String> archives = initCommand.subList(4, initCommand.size());
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", "for f in \"$@\"; do docker -H tcp://127.0.0.1:2375"
                + " load -q -i " + SandboxPodModel.LAB_IMAGES_PATH + "/\"$f\" || exit 1; done", "load"));
        command.addAll(archives);
        return command;
    }

    private static String encode(String part) {
        return URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private void setStatus(Pod pod, Pod withStatus) {
        try {
            client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                    .editStatus(current -> new PodBuilder(current).withStatus(withStatus.getStatus()).build());
        } catch (KubernetesClientException e) {
            // A pod deleted before its node reported on it: a real kubelet moves on too.
            if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
                throw e;
            }
        }
    }

    @Override
    public void close() {
        watch.close();
    }
}
