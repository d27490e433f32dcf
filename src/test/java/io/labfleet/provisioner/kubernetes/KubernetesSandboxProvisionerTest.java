package io.labfleet.provisioner.kubernetes;

import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.labfleet.provisioner.BackendUnavailableException;
import io.labfleet.provisioner.ProgressListener;
import io.labfleet.provisioner.ProvisionedSandbox;
import io.labfleet.provisioner.ProvisioningException;
import io.labfleet.provisioner.RuntimeSandbox;
import io.labfleet.provisioner.RuntimeStatus;
import io.labfleet.provisioner.SandboxLabels;
import io.labfleet.provisioner.SandboxProcess;
import io.labfleet.provisioner.SandboxSpec;
import io.labfleet.provisioner.ShellRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.labfleet.provisioner.kubernetes.KubernetesTestConfig.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Kubernetes backend against a fake API server (fabric8's mock server in CRUD mode): it stores objects,
 * answers label selectors and watches, but runs nothing. A {@link FakeKubelet} writes pod status as a node
 * would; there is no garbage collector (owned objects are not deleted with their owner by the server) and no
 * NetworkPolicy enforcement, so what the policies allow is checked on their content, in
 * {@link SandboxPodModelTest}.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class KubernetesSandboxProvisionerTest {

    static KubernetesClient client;
    static KubernetesMockServer server;

    FakeKubelet kubelet;
    final FakePodUids uids = new FakePodUids();
    KubernetesSandboxProvisioner provisioner;

    @BeforeEach
    void start() {
        kubelet = new FakeKubelet(client, server);
        provisioner = provisioner(Duration.ofSeconds(20));
    }

    @AfterEach
    void stop() {
        kubelet.close();
    }

    private static VersionInfo version(String major, String minor) {
        return new VersionInfo.Builder().withMajor(major).withMinor(minor).build();
    }

    KubernetesSandboxProvisioner provisioner(Duration readyTimeout) {
        return new KubernetesSandboxProvisioner(client, KubernetesTestConfig.defaults(), readyTimeout,
                Clock.fixed(KubernetesTestConfig.NOW, ZoneOffset.UTC), uids);
    }

    @Test
    void createsTheTenantNamespaceThePodAndItsPolicyAndAnswersWithThePodAddress() {
        List<String> steps = new ArrayList<>();

        ProgressListener progress = (step, percent, message) -> steps.add(step + " " + percent);
        SandboxSpec spec = spec("sb-create1", "acme", "alice");
        ProvisionedSandbox sandbox = provisioner.provision(spec, progress);
        provisioner.seedImages(spec, sandbox, progress);

        Pod pod = client.pods().inNamespace("labfleet-acme").withName("sb-create1").get();
        assertThat(sandbox).isEqualTo(new ProvisionedSandbox(pod.getStatus().getPodIP(), 2375));
        assertThat(steps).containsExactly("namespace 20", "pod 40", "network-policy 50", "daemon 100", "images 100");

        Namespace namespace = client.namespaces().withName("labfleet-acme").get();
        assertThat(namespace.getMetadata().getLabels())
                .containsEntry(SandboxLabels.MANAGED_BY, "labfleet")
                .containsEntry(SandboxLabels.TENANT, "acme")
                .containsEntry("pod-security.kubernetes.io/enforce", "baseline");
        RoleBinding binding = client.rbac().roleBindings().inNamespace("labfleet-acme").withName("labfleet-provisioner").get();
        assertThat(binding.getRoleRef().getName()).isEqualTo("labfleet-sandboxes");
        assertThat(binding.getSubjects()).singleElement().satisfies(subject -> assertThat(subject.getName()).isEqualTo("labfleet"));
        ResourceQuota quota = client.resourceQuotas().inNamespace("labfleet-acme").withName("labfleet-sandboxes").get();
        assertThat(quota.getSpec().getHard()).containsEntry("pods", new Quantity("5"));
        LimitRange limits = client.limitRanges().inNamespace("labfleet-acme").withName("labfleet-sandboxes").get();
        assertThat(limits.getSpec().getLimits().get(0).getMax()).containsEntry("memory", new Quantity("1Gi"));
        assertThat(client.network().v1().networkPolicies().inNamespace("labfleet-acme")
                .withName("labfleet-default-deny").get()).isNotNull();

        assertThat(pod.getMetadata().getLabels())
                .containsEntry(SandboxLabels.SANDBOX, "sb-create1")
                .containsEntry(SandboxLabels.TENANT, "acme")
                .containsEntry(SandboxLabels.LEARNER, "alice");
        NetworkPolicy policy = client.network().v1().networkPolicies().inNamespace("labfleet-acme")
                .withName("sb-create1").get();
        assertThat(policy.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(owner -> {
                    assertThat(owner.getKind()).isEqualTo("Pod");
                    assertThat(owner.getUid()).isEqualTo(pod.getMetadata().getUid());
                });
        assertThat(provisioner.status("sb-create1")).isEqualTo(RuntimeStatus.RUNNING);
    }

    @Test
    void aLabImageThatCannotBeLoadedFailsTheSandboxWithWhatTheDaemonSaid() {
        kubelet.failToLoadImages("open /labfleet/lab-images/busybox:latest.tar: no such file or directory\u001b[2J");

        SandboxSpec spec = spec("sb-noimage1", "acme", "alice");
        ProvisionedSandbox sandbox = provisioner.provision(spec, ProgressListener.NONE);

        assertThatThrownBy(() -> provisioner.seedImages(spec, sandbox, ProgressListener.NONE))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("could not be loaded from labfleet/lab-images:latest")
                .hasMessageContaining("exit code 1: open /labfleet/lab-images/busybox:latest.tar: no such file")
                .hasMessageNotContaining("\u001b");
    }

    @Test
    void aShellRunsInTheSandboxContainerThroughTheExecApiAsTheRootlessUser() throws Exception {
        provisioner.provision(spec("sb-shell1", "acme", "alice"), (step, percent, message) -> {
        });
        Pod pod = client.pods().inNamespace("labfleet-acme").withName("sb-shell1").get();
        long uid = uids.held().get("sb-shell1");
        assertThat(pod.getSpec().getSecurityContext().getRunAsUser()).as("exec runs as the pod's user").isEqualTo(uid);
        ShellRequest request = new ShellRequest(List.of("/bin/sh", "-c", "id -u"), false, null, 0, 0);
        List<String> commandLine = KubernetesSandboxShell.commandLine(request, "/home/sandbox", 2375);
        kubelet.answerExec(pod, commandLine, true, false, 3, uid + "\n");

        try (SandboxProcess process = provisioner.exec("sb-shell1", request)) {
            assertThat(new String(process.stdout().readNBytes(11))).isEqualTo(uid + "\n");
            assertThat(process.waitFor()).isEqualTo(3);
            assertThat(process.stdout().read()).as("the end of its output, not an error").isEqualTo(-1);
        }
        assertThat(commandLine).startsWith("env", "HOME=/home/sandbox", "DOCKER_HOST=tcp://127.0.0.1:2375")
                .endsWith("/bin/sh", "-c", "id -u");
        assertThatThrownBy(() -> provisioner.exec("sb-never-made", request)).isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("not running");
    }

    /**
     * Without user namespaces a pod's uid is the node's, and the kernel's per-user limits (inotify instances,
     * processes, user namespaces) are charged to it: two learners' pods on one node must not share one.
     */
    @Test
    void eachRootlessPodWithoutUserNamespacesRunsAsAHostUidOfItsOwnUntilItIsGone() {
        provisioner.provision(spec("sb-uid1", "acme", "alice"), (step, percent, message) -> {
        });
        provisioner.provision(spec("sb-uid2", "acme", "bob"), (step, percent, message) -> {
        });
        long first = runAsUser("sb-uid1");
        long second = runAsUser("sb-uid2");

        assertThat(first).isNotEqualTo(second).isGreaterThanOrEqualTo(FakePodUids.FIRST);
        assertThat(runAsUser("sb-uid1")).as("the pod's group and fsGroup are its uid's")
                .isEqualTo(client.pods().inNamespace("labfleet-acme").withName("sb-uid1").get().getSpec()
                        .getSecurityContext().getFsGroup());
        provisioner.provision(spec("sb-uid1", "acme", "alice"), (step, percent, message) -> {
        });
        assertThat(uids.held()).as("a repeated provisioning keeps its uid")
                .containsEntry("sb-uid1", (int) first).containsEntry("sb-uid2", (int) second);

        provisioner.deprovision("sb-uid1");
        assertThat(uids.held()).as("given back once the pod is gone").doesNotContainKey("sb-uid1");
        provisioner.provision(spec("sb-uid3", "acme", "carol"), (step, percent, message) -> {
        });
        assertThat(runAsUser("sb-uid3")).as("and then another sandbox's").isEqualTo(first);
    }

    @Test
    void aLeaseWhosePodWasNeverMadeIsListedSoThatTheReconcilerGivesItBack() {
        uids.claim("sb-crashed1");

        assertThat(provisioner.listManaged()).anySatisfy(sandbox -> {
            assertThat(sandbox.sandboxId()).isEqualTo("sb-crashed1");
            assertThat(sandbox.status()).isEqualTo(RuntimeStatus.ABSENT);
        });
        provisioner.deprovision("sb-crashed1");
        assertThat(uids.held()).doesNotContainKey("sb-crashed1");
    }

    @Test
    void podsWithUserNamespacesRunAsTheImagesUserNamespaceAccountAndLeaseNoUid() {
        KubernetesSandboxProvisioner userNamespaced = new KubernetesSandboxProvisioner(client, KubernetesTestConfig.with(
                Map.of("labfleet.kubernetes.user-namespaces", "enabled")), Duration.ofSeconds(20),
                Clock.fixed(KubernetesTestConfig.NOW, ZoneOffset.UTC), uids);

        userNamespaced.provision(spec("sb-userns1", "acme", "alice"), (step, percent, message) -> {
        });

        assertThat(runAsUser("sb-userns1")).isEqualTo(SandboxPodSecurity.USERNS_UID);
        assertThat(client.pods().inNamespace("labfleet-acme").withName("sb-userns1").get().getSpec().getHostUsers())
                .isFalse();
        assertThat(uids.held()).doesNotContainKey("sb-userns1");
    }

    private long runAsUser(String sandboxId) {
        return client.pods().inNamespace("labfleet-acme").withName(sandboxId).get().getSpec().getSecurityContext()
                .getRunAsUser();
    }

    @Test
    void userNamespacesAreUsedFromKubernetes133OnWhenLeftToAuto() {
        assertThat(UserNamespaceSupport.apiServerHasThem(version("1", "33"))).isTrue();
        assertThat(UserNamespaceSupport.apiServerHasThem(version("1", "34+"))).isTrue();
        assertThat(UserNamespaceSupport.apiServerHasThem(version("1", "32"))).isFalse();
        assertThat(UserNamespaceSupport.apiServerHasThem(version("1", "30+"))).isFalse();
        assertThat(UserNamespaceSupport.apiServerHasThem(null)).isFalse();
    }

    @Test
    void waitsForTheKubeletToReportTheDaemonReady() throws Exception {
        kubelet.leavePodsPending();

        CompletableFuture<ProvisionedSandbox> provisioning = CompletableFuture.supplyAsync(
                () -> provisioner.provision(spec("sb-wait1", "acme", "alice"), (step, percent, message) -> {
                }));
        Pod pod = client.pods().inNamespace("labfleet-acme").withName("sb-wait1")
                .waitUntilCondition(p -> p != null, 10, TimeUnit.SECONDS);
        Thread.sleep(500);
        assertThat(provisioning).as("still waiting while the pod is Pending").isNotDone();

        kubelet.markReady(pod);

        ProvisionedSandbox sandbox = provisioning.get(10, TimeUnit.SECONDS);
        assertThat(sandbox.daemonHost()).startsWith("10.42.0.");
    }

    @Test
    void provisioningTwiceKeepsTheSamePod() {
        SandboxSpec spec = spec("sb-twice1", "acme", "alice");
        ProvisionedSandbox first = provisioner.provision(spec, (step, percent, message) -> {
        });
        String uid = client.pods().inNamespace("labfleet-acme").withName("sb-twice1").get().getMetadata().getUid();

        ProvisionedSandbox second = provisioner.provision(spec, (step, percent, message) -> {
        });

        assertThat(second).isEqualTo(first);
        assertThat(client.pods().inAnyNamespace().withLabel(SandboxLabels.SANDBOX, "sb-twice1").list().getItems())
                .singleElement().satisfies(pod -> assertThat(pod.getMetadata().getUid()).isEqualTo(uid));
    }

    @Test
    void failsAtOnceWithTheReasonWhenTheImageCannotBePulled() {
        kubelet.failToPullImages();

        assertThatThrownBy(() -> provisioner.provision(spec("sb-pull1", "acme", "alice"), (step, percent, message) -> {
        }))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("ErrImagePull")
                .hasMessageContaining("no route to registry");
    }

    @Test
    void givesUpWhenTheDaemonIsNotReadyInTime() {
        kubelet.leavePodsPending();

        assertThatThrownBy(() -> provisioner(Duration.ofSeconds(1)).provision(spec("sb-slow1", "acme", "alice"),
                (step, percent, message) -> {
                }))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("did not answer within PT1S")
                .hasMessageContaining("Pending");
    }

    @Test
    void teardownRemovesThePodAndItsPolicyAndCanBeRepeated() {
        provisioner.provision(spec("sb-gone1", "acme", "alice"), (step, percent, message) -> {
        });

        provisioner.deprovision("sb-gone1");
        provisioner.deprovision("sb-gone1");

        assertThat(client.pods().inAnyNamespace().withLabel(SandboxLabels.SANDBOX, "sb-gone1").list().getItems()).isEmpty();
        assertThat(client.network().v1().networkPolicies().inAnyNamespace()
                .withLabel(SandboxLabels.SANDBOX, "sb-gone1").list().getItems()).isEmpty();
        assertThat(provisioner.status("sb-gone1")).isEqualTo(RuntimeStatus.ABSENT);
        assertThat(provisioner.listManaged()).extracting(RuntimeSandbox::sandboxId).doesNotContain("sb-gone1");
    }

    @Test
    void aPodStoppedByItsDeadlineIsStoppedUntilItsTeardownRemovesIt() {
        provisioner.provision(spec("sb-late1", "acme", "alice"), (step, percent, message) -> {
        });
        Pod pod = client.pods().inNamespace("labfleet-acme").withName("sb-late1").get();

        kubelet.stopByDeadline(pod);

        assertThat(provisioner.status("sb-late1")).isEqualTo(RuntimeStatus.STOPPED);
        assertThat(provisioner.listManaged()).contains(new RuntimeSandbox("sb-late1", "acme", RuntimeStatus.STOPPED));
        provisioner.deprovision("sb-late1");
        assertThat(provisioner.status("sb-late1")).isEqualTo(RuntimeStatus.ABSENT);
    }

    @Test
    void listsTheSandboxesOfEveryTenantWithTheirOriginalTenantIds() {
        provisioner.provision(spec("sb-list1", "acme", "alice"), (step, percent, message) -> {
        });
        provisioner.provision(spec("sb-list2", "École Paris", "bob@ecole.example"), (step, percent, message) -> {
        });

        assertThat(provisioner.listManaged()).contains(
                new RuntimeSandbox("sb-list1", "acme", RuntimeStatus.RUNNING),
                new RuntimeSandbox("sb-list2", "École Paris", RuntimeStatus.RUNNING));
        assertThat(client.pods().inAnyNamespace().withLabel(SandboxLabels.SANDBOX, "sb-list2").list().getItems())
                .singleElement().satisfies(pod -> assertThat(pod.getMetadata().getNamespace()).startsWith("labfleet-cole-paris-"));
    }

    @Test
    void leftoversOfASandboxTheServiceForgotAreListedAndRemoved() {
        provisioner.provision(spec("sb-orphan1", "acme", "alice"), (step, percent, message) -> {
        });
        SandboxSpec halfMade = spec("sb-orphan2", "acme", "bob");
        Pod gonePod = new SandboxPodModel(KubernetesTestConfig.defaults(), false).pod(halfMade, KubernetesTestConfig.NOW,
                OptionalLong.of(FakePodUids.FIRST + 99));
        gonePod.getMetadata().setUid("uid-of-a-pod-that-is-gone");
        client.resource(new SandboxPodModel(KubernetesTestConfig.defaults(), false).networkPolicy(halfMade, gonePod)).create();

        assertThat(provisioner.listManaged()).contains(
                new RuntimeSandbox("sb-orphan1", "acme", RuntimeStatus.RUNNING),
                new RuntimeSandbox("sb-orphan2", "acme", RuntimeStatus.STOPPED));
        assertThat(provisioner.status("sb-orphan2")).isEqualTo(RuntimeStatus.STOPPED);

        provisioner.deprovision("sb-orphan1");
        provisioner.deprovision("sb-orphan2");

        assertThat(provisioner.listManaged()).extracting(RuntimeSandbox::sandboxId).doesNotContain("sb-orphan1", "sb-orphan2");
        assertThat(client.pods().inNamespace("labfleet-acme").withLabel(SandboxLabels.TENANT, "acme").list().getItems())
                .extracting(pod -> pod.getMetadata().getName()).doesNotContain("sb-orphan1");
        assertThat(client.network().v1().networkPolicies().inNamespace("labfleet-acme").list().getItems())
                .extracting(policy -> policy.getMetadata().getName()).doesNotContain("sb-orphan1", "sb-orphan2")
                .contains("labfleet-default-deny");
    }

    @Test
    void anApiServerThatDoesNotAnswerIsReportedAsAnUnavailableBackend() {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (KubernetesClient nowhere = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                .withMasterUrl("http://127.0.0.1:" + closedPort).withRequestRetryBackoffLimit(0).build()).build()) {
            KubernetesSandboxProvisioner cut = new KubernetesSandboxProvisioner(nowhere, KubernetesTestConfig.defaults(),
                    Duration.ofSeconds(5), Clock.fixed(KubernetesTestConfig.NOW, ZoneOffset.UTC), new FakePodUids());

            assertThat(cut.isReachable()).isFalse();
            assertThatThrownBy(() -> cut.provision(spec("sb-down1", "acme", "alice"), (step, percent, message) -> {
            }))
                    .isInstanceOf(BackendUnavailableException.class)
                    .hasMessageContaining("The Kubernetes API server does not answer");
            assertThatThrownBy(() -> cut.listManaged()).isInstanceOf(BackendUnavailableException.class);
        }
    }

    @Test
    void anotherInstallationOnTheSameClusterNeitherSeesNorTouchesTheseSandboxes() {
        provisioner.provision(spec("sb-mine1", "acme", "alice"), (step, percent, message) -> {
        });
        KubernetesSandboxProvisioner staging = new KubernetesSandboxProvisioner(client, KubernetesTestConfig.with(Map.of(
                "labfleet.kubernetes.installation", "staging", "labfleet.kubernetes.namespace-prefix", "staging-")),
                Duration.ofSeconds(20), Clock.fixed(KubernetesTestConfig.NOW, ZoneOffset.UTC), new FakePodUids());
        staging.provision(spec("sb-theirs1", "acme", "alice"), (step, percent, message) -> {
        });

        assertThat(staging.listManaged()).extracting(RuntimeSandbox::sandboxId).contains("sb-theirs1").doesNotContain("sb-mine1");
        assertThat(provisioner.listManaged()).extracting(RuntimeSandbox::sandboxId).contains("sb-mine1").doesNotContain("sb-theirs1");
        assertThat(staging.status("sb-mine1")).isEqualTo(RuntimeStatus.ABSENT);
        staging.deprovision("sb-mine1");
        assertThat(provisioner.status("sb-mine1")).isEqualTo(RuntimeStatus.RUNNING);
        assertThat(client.pods().inNamespace("staging-acme").withName("sb-theirs1").get().getMetadata().getLabels())
                .containsEntry(SandboxLabels.INSTALLATION, "staging");
        staging.deprovision("sb-theirs1");
    }

    @Test
    void leavesANamespaceLabfleetDidNotMakeAlone() {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("labfleet-system")
                .addToLabels("team", "platform").endMetadata().build()).create();

        assertThatThrownBy(() -> provisioner.provision(spec("sb-foreign1", "system", "mallory"), (step, percent, message) -> {
        }))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("labfleet-system")
                .hasMessageContaining("not made by this Labfleet installation");
        Namespace untouched = client.namespaces().withName("labfleet-system").get();
        assertThat(untouched.getMetadata().getLabels()).doesNotContainKey("pod-security.kubernetes.io/enforce");
        assertThat(client.resourceQuotas().inNamespace("labfleet-system").list().getItems()).isEmpty();
        assertThat(client.network().v1().networkPolicies().inNamespace("labfleet-system").list().getItems()).isEmpty();
        assertThat(client.pods().inNamespace("labfleet-system").list().getItems()).isEmpty();
    }

    @Test
    void raisesTheNamespaceQuotaWhenTheTenantsQuotaGrows() {
        provisioner.provision(spec("sb-quota1", "acme", "alice", 5), (step, percent, message) -> {
        });
        provisioner.provision(spec("sb-quota2", "acme", "bob", 8), (step, percent, message) -> {
        });

        ResourceQuota quota = client.resourceQuotas().inNamespace("labfleet-acme").withName("labfleet-sandboxes").get();
        assertThat(quota.getSpec().getHard())
                .containsEntry("pods", new Quantity("8"))
                .containsEntry("limits.memory", new Quantity("8Gi"));
    }
}
