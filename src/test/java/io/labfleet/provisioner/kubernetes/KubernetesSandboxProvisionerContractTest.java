package io.labfleet.provisioner.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.labfleet.provisioner.SandboxLabels;
import io.labfleet.provisioner.SandboxProvisioner;
import io.labfleet.provisioner.SandboxProvisionerContract;
import org.junit.jupiter.api.AfterAll;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The backend-neutral provisioner contract, run against the Kubernetes backend on a fake API server, where a
 * {@link FakeKubelet} plays the node: it reports each new pod Running and Ready with an address, and stops one
 * when asked, as a node does when the pod's deadline passes or it is evicted.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class KubernetesSandboxProvisionerContractTest extends SandboxProvisionerContract {

    static KubernetesClient client;
    static KubernetesMockServer server;

    private FakeKubelet kubelet;
    private KubernetesSandboxProvisioner provisioner;

    @Override
    protected synchronized SandboxProvisioner provisioner() {
        if (provisioner == null) {
            kubelet = new FakeKubelet(client, server);
            provisioner = new KubernetesSandboxProvisioner(client, KubernetesTestConfig.defaults(), Duration.ofSeconds(20),
                    Clock.systemUTC(), new FakePodUids());
        }
        return provisioner;
    }

    @Override
    protected Map<String, Map<String, String>> remainingFor(String sandboxId) {
        Map<String, Map<String, String>> remaining = new TreeMap<>();
        Stream.<List<? extends HasMetadata>>of(
                        client.pods().inAnyNamespace().withLabel(SandboxLabels.SANDBOX, sandboxId).list().getItems(),
                        client.network().v1().networkPolicies().inAnyNamespace()
                                .withLabel(SandboxLabels.SANDBOX, sandboxId).list().getItems())
                .flatMap(List::stream)
                .forEach(object -> remaining.put(object.getKind() + " " + object.getMetadata().getNamespace() + "/"
                        + object.getMetadata().getName(), object.getMetadata().getLabels()));
        return remaining;
    }

    @Override
    protected void stopBehindItsBack(String sandboxId) {
        client.pods().inAnyNamespace().withLabel(SandboxLabels.SANDBOX, sandboxId).list().getItems()
                .forEach(kubelet::stopByDeadline);
    }

    @AfterAll
    void stopKubelet() {
        if (kubelet != null) {
            kubelet.close();
        }
    }
}
