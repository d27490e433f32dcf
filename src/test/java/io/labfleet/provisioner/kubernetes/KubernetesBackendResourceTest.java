package io.labfleet.provisioner.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.labfleet.config.KubernetesConfig;
import io.labfleet.lifecycle.Reconciler;
import io.labfleet.provisioner.ResourceLimits;
import io.labfleet.provisioner.SandboxLabels;
import io.labfleet.provisioner.SandboxSpec;
import io.labfleet.provisioner.leases.UidLeases;
import io.labfleet.support.ApiTest;
import io.labfleet.support.Await;
import io.labfleet.support.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/**
 * The whole service with {@code labfleet.provisioner.backend=kubernetes}, through its REST API, on a fake API
 * server where a {@link FakeKubelet} reports pods ready (nothing runs a daemon: the sandbox's daemon address is
 * never dialled here).
 */
@Tag("slow")
@QuarkusTest
@TestProfile(KubernetesBackendResourceTest.KubernetesBackend.class)
@WithKubernetesTestServer(crud = true)
class KubernetesBackendResourceTest extends ApiTest {

    static final String LAB = "p3-container-lifecycle";

    public static class KubernetesBackend implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // a pool size set in configuration, which this backend cannot keep
            return Map.of("labfleet.provisioner.backend", "kubernetes", "labfleet.pool.size." + LAB, "2");
        }
    }

    @KubernetesTestServer
    KubernetesServer apiServer;

    @Inject
    Reconciler reconciler;

    @Inject
    KubernetesConfig kubernetesConfig;

    @Inject
    UidLeases uidLeases;

    FakeKubelet kubelet;

    @BeforeEach
    void startKubelet() {
        kubelet = new FakeKubelet(apiServer.getClient(), apiServer.getKubernetesMockServer());
    }

    @AfterEach
    void stopKubelet() {
        kubelet.close();
    }

    @Test
    void aSandboxIsAPodInItsTenantNamespaceUntilItIsDeleted() {
        String tenant = freshTenant("kube");
        String alice = Tokens.learner(tenant, "alice");
        KubernetesClient cluster = apiServer.getClient();

        String id = as(alice).body("{\"labId\":\"" + LAB + "\"}").post("/api/v1/sandboxes")
                .then().statusCode(202).extract().path("id");
        awaitState(alice, id, "READY");

        assertThat(cluster.pods().inNamespace("labfleet-" + tenant).withName(id).get().getMetadata().getLabels())
                .containsEntry(SandboxLabels.TENANT, tenant)
                .containsEntry(SandboxLabels.LEARNER, "alice");
        assertThat(cluster.network().v1().networkPolicies().inNamespace("labfleet-" + tenant).withName(id).get()).isNotNull();
        assertThat(uidLeases.leaseOf(id)).as("without user namespaces the pod runs as a host uid leased for it")
                .hasValueSatisfying(uid -> assertThat(cluster.pods().inNamespace("labfleet-" + tenant).withName(id).get()
                        .getSpec().getSecurityContext().getRunAsUser()).isEqualTo(uid.longValue()));

        as(alice).delete("/api/v1/sandboxes/" + id).then().statusCode(202);
        awaitState(alice, id, "TERMINATED");
        assertThat(uidLeases.leaseOf(id)).as("given back with the pod").isEmpty();
        assertThat(cluster.pods().inAnyNamespace().withLabel(SandboxLabels.SANDBOX, id).list().getItems()).isEmpty();
        assertThat(cluster.network().v1().networkPolicies().inAnyNamespace().withLabel(SandboxLabels.SANDBOX, id)
                .list().getItems()).isEmpty();
    }

    /** The learner is told it is our failure (the cluster's own wording is for operators) and nothing stays behind. */
    @Test
    void aSandboxWhoseImageCannotBePulledFailsAsOurFailureAndLeavesNothing() {
        String alice = Tokens.learner(freshTenant("kubepull"), "alice");
        kubelet.failToPullImages();

        String id = as(alice).body("{\"labId\":\"" + LAB + "\"}").post("/api/v1/sandboxes")
                .then().statusCode(202).extract().path("id");

        awaitState(alice, id, "FAILED");
        as(alice).get("/api/v1/sandboxes/" + id).then().body("reason", containsString("Provisioning failed on our side"))
                .body("reason", not(containsString("ErrImagePull")));
        KubernetesClient cluster = apiServer.getClient();
        assertThat(cluster.pods().inAnyNamespace().withLabel(SandboxLabels.SANDBOX, id).list().getItems()).isEmpty();
        assertThat(cluster.network().v1().networkPolicies().inAnyNamespace().withLabel(SandboxLabels.SANDBOX, id)
                .list().getItems()).isEmpty();
    }

    @Test
    void aReconcilePassRemovesLabelledLeftoversThatNoSandboxOwns() {
        String tenant = freshTenant("kubeorphan");
        Instant now = Instant.now();
        SandboxSpec forgotten = new SandboxSpec("sb-forgotten1", tenant, "alice", LAB, now.plus(Duration.ofHours(1)),
                new ResourceLimits(1L << 30, 1000, 2048), List.of(), now.plus(Duration.ofHours(4)), 5);
        SandboxPodModel model = new SandboxPodModel(kubernetesConfig, false);
        KubernetesClient cluster = apiServer.getClient();
        // The namespace an earlier provisioning made: the service looks for sandboxes only in its own namespaces.
        cluster.resource(new TenantNamespaceModel(kubernetesConfig).namespace(tenant)).create();
        Pod pod = cluster.resource(model.pod(forgotten, now, OptionalLong.of(1_000_000_099))).create();
        cluster.resource(model.networkPolicy(forgotten, pod)).create();

        Reconciler.Pass pass = reconcilePass();

        assertThat(pass.orphansRemoved()).contains("sb-forgotten1");
        assertThat(cluster.pods().inAnyNamespace().withLabel(SandboxLabels.SANDBOX, "sb-forgotten1").list().getItems()).isEmpty();
        assertThat(cluster.network().v1().networkPolicies().inAnyNamespace()
                .withLabel(SandboxLabels.SANDBOX, "sb-forgotten1").list().getItems()).isEmpty();
    }

    @Test
    void aSandboxWhosePodTheClusterStoppedIsFailedByAReconcilePassAndRemoved() {
        String tenant = freshTenant("kubestop");
        String alice = Tokens.learner(tenant, "alice");
        String id = as(alice).body("{\"labId\":\"" + LAB + "\"}").post("/api/v1/sandboxes")
                .then().statusCode(202).extract().path("id");
        awaitState(alice, id, "READY");
        KubernetesClient cluster = apiServer.getClient();

        kubelet.stopByDeadline(cluster.pods().inNamespace("labfleet-" + tenant).withName(id).get());
        assertThat(reconcilePass().ran()).isTrue();

        awaitState(alice, id, "FAILED");
        as(alice).get("/api/v1/sandboxes/" + id).then().body("reason", containsString("no longer running"));
        Await.until(Duration.ofSeconds(30), () -> cluster.pods().inAnyNamespace().withLabel(SandboxLabels.SANDBOX, id)
                .list().getItems(), List::isEmpty, "the stopped pod of " + id + " to be removed");
    }

    @TestHTTPResource(value = "/health/group/backend", management = true)
    URL backendHealth;

    @Test
    void theBackendHealthGroupReportsTheKubernetesBackend() {
        RestAssured.get(backendHealth).then().statusCode(200)
                .body("checks.find { it.name == 'sandbox-backend' }.data.backend", equalTo("kubernetes"))
                .body("checks.name", hasItem("sandbox-backend"));
    }

    @Test
    void aWarmPoolSizeIsRefusedSinceThisBackendKeepsNoneAndNothingIsSet() {
        String admin = Tokens.admin("root");
        int before = as(admin).get("/api/v1/pools/" + LAB).then().statusCode(200).extract().path("size");
        String audited = "/api/v1/audit?action=POOL_RESIZED&sandbox=" + LAB;
        int auditedBefore = as(admin).get(audited).then().statusCode(200).extract().path("total");

        as(admin).body("{\"size\":2}").put("/api/v1/pools/" + LAB).then()
                .spec(problem(409, "not-supported-by-backend"))
                .body("detail", containsString("kubernetes backend keeps no warm pools"));

        as(admin).get("/api/v1/pools/" + LAB).then().statusCode(200).body("size", equalTo(before))
                .body("source", not(equalTo("admin")));
        as(admin).get(audited).then().statusCode(200).body("total", equalTo(auditedBefore));
    }

    @Test
    void thePoolsSayThisBackendKeepsNoneWhateverTheConfigurationSets() {
        String admin = Tokens.admin("root");

        as(admin).get("/api/v1/pools/" + LAB).then().statusCode(200)
                .body("size", equalTo(0))
                .body("supported", equalTo(false))
                .body("reason", containsString("kubernetes backend keeps no warm pools"))
                .body("reason", containsString("(the size 2 that labfleet.pool.size." + LAB + " sets is not applied)"));
        as(admin).get("/api/v1/pools").then().statusCode(200)
                .body("size", everyItem(equalTo(0)))
                .body("supported", everyItem(equalTo(false)));
    }

    /**
     * One reconciler pass. The lease it takes lives in the test database that every suite shares: a pass that an
     * earlier suite's service started as it stopped can leave it held until it lapses (five minutes), as a
     * replica that dies would.
     */
    private Reconciler.Pass reconcilePass() {
        return Await.until(Duration.ofMinutes(6), reconciler::reconcile, Reconciler.Pass::ran, "the reconciler's lease");
    }

    private static void awaitState(String token, String id, String state) {
        Await.until(Duration.ofSeconds(30),
                () -> as(token).get("/api/v1/sandboxes/" + id).then().statusCode(200).extract().<String>path("state"),
                state::equals, id + " to be " + state);
    }
}
