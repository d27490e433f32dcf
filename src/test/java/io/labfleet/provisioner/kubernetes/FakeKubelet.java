package io.labfleet.provisioner.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;

import java.net.HttpURLConnection;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Plays the kubelet's part on the fake API server, where no pod ever changes phase by itself: it watches
 * for new pods and writes the status a node would report (by default Running and Ready with a pod IP, as once
 * the daemon answers the readiness probe). Tests can make it leave pods Pending or fail to pull images.
 */
final class FakeKubelet implements AutoCloseable {

    private final KubernetesClient client;
    private final AtomicInteger addresses = new AtomicInteger(6);
    private final Watch watch;
    private volatile Consumer<Pod> onNewPod = this::markReady;

    FakeKubelet(KubernetesClient client) {
        this.client = client;
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

    /** What the kubelet reports once the daemon answers its readiness probe. */
    void markReady(Pod pod) {
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
