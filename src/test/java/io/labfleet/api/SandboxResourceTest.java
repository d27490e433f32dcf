package io.labfleet.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.labfleet.sandbox.SandboxEvents;
import io.labfleet.sandbox.SandboxState;
import io.labfleet.support.ApiTest;
import io.labfleet.support.Await;
import io.labfleet.support.FakeSandboxProvisioner;
import io.labfleet.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
class SandboxResourceTest extends ApiTest {

    static final String LAB = "p3-container-lifecycle";

    @Inject
    FakeSandboxProvisioner provisioner;

    @Inject
    io.labfleet.gateway.SshGateway gateway;

    @Inject
    io.labfleet.lifecycle.Reconciler reconciler;

    @Inject
    SandboxEvents events;

    @Inject
    ObjectMapper json;

    @AfterEach
    void restoreProvisioner() {
        provisioner.setReachable(true);
        provisioner.failProvisioningWith(null);
        provisioner.whileProvisioning(null);
        provisioner.lackImageSeeding(false);
    }

    static String create(String token, String body) {
        return as(token).body(body).post("/api/v1/sandboxes")
                .then().statusCode(202).extract().path("id");
    }

    static String stateOf(String token, String id) {
        return as(token).get("/api/v1/sandboxes/" + id).then().statusCode(200).extract().path("state");
    }

    static void awaitState(String token, String id, String state) {
        Await.until(Duration.ofSeconds(20), () -> stateOf(token, id), state::equals, id + " to be " + state);
    }

    @Test
    void theServiceWritesInstantsWithItsOwnSerializerAndTheSameText() throws Exception {
        // The serializer's text is proven equal to jsr310's in IsoInstantSerializerTest; this proves the API uses it.
        assertThat(json.getSerializerProviderInstance().findValueSerializer(Instant.class)).isInstanceOf(IsoInstantSerializer.class);
        assertThat(json.writeValueAsString(Instant.parse("2026-12-04T16:25:07.120Z"))).isEqualTo("\"2026-12-04T16:25:07.120Z\"");
    }

    @Test
    void aListenerThatFailsOnReadyNeverUndoesTheSandbox() {
        String alice = Tokens.learner(freshTenant("listener"), "alice");
        List<SandboxState> seen = new CopyOnWriteArrayList<>();
        provisioner.whileProvisioning(sandboxId -> {
            events.subscribe(sandboxId, event -> {
                if (event.state() == SandboxState.READY) {
                    throw new IllegalStateException("a server-sent event stream whose client went away");
                }
            });
            events.subscribe(sandboxId, event -> {
                if ("state".equals(event.type())) {
                    seen.add(event.state());
                }
            });
        });

        String id = create(alice, "{\"labId\":\"" + LAB + "\"}");
        awaitState(alice, id, "READY");
        assertThat(provisioner.holds(id)).isTrue();
        as(alice).delete("/api/v1/sandboxes/" + id).then().statusCode(202);
        awaitState(alice, id, "TERMINATED");

        // A READY sandbox's reason changes are told as READY again (its lab's images in, a suspension): once each.
        List<SandboxState> changes = seen.stream().filter(new java.util.function.Predicate<SandboxState>() {
            private SandboxState last;

            @Override
            public boolean test(SandboxState state) {
                boolean changed = state != last;
                last = state;
                return changed;
            }
        }).toList();
        assertThat(changes).as("every state the sandbox went through, told to a listener that works")
                .containsExactly(SandboxState.READY, SandboxState.TERMINATING, SandboxState.TERMINATED);
    }

    @Test
    void createsProvisionsAndTearsDownASandbox() {
        String tenant = freshTenant("life");
        String alice = Tokens.learner(tenant, "alice");

        var created = as(alice).body("{\"labId\":\"" + LAB + "\"}").post("/api/v1/sandboxes")
                .then().statusCode(202)
                .header("Location", containsString("/api/v1/sandboxes/sb-"))
                .body("state", equalTo("REQUESTED"))
                .body("labId", equalTo(LAB))
                .body("tenant", equalTo(tenant))
                .body("learner", equalTo("alice"))
                .body("ssh.user", startsWith("sb-"))
                .body("ssh.port", equalTo(gateway.boundPort()))
                .extract();
        String id = created.path("id");
        assertThat(created.header("Location")).endsWith("/api/v1/sandboxes/" + id);

        awaitState(alice, id, "READY");
        assertThat(provisioner.holds(id)).isTrue();
        assertThat(provisioner.spec(id).images()).containsExactly("nginx:latest");
        assertThat(provisioner.spec(id).tenantId()).isEqualTo(tenant);

        as(alice).delete("/api/v1/sandboxes/" + id).then().statusCode(202).body("state", equalTo("TERMINATING"));
        awaitState(alice, id, "TERMINATED");
        assertThat(provisioner.holds(id)).as("runtime removed").isFalse();
        as(alice).delete("/api/v1/sandboxes/" + id).then().statusCode(202).body("state", equalTo("TERMINATED"));
    }

    @Test
    void aSandboxAboveItsDiskLimitEndsFailedSayingSoAndIsRemoved() {
        String alice = Tokens.learner(freshTenant("disk"), "alice");
        String full = create(alice, "{\"labId\":\"" + LAB + "\"}");
        String fine = create(alice, "{\"labId\":\"" + LAB + "\"}");
        awaitState(alice, full, "READY");
        awaitState(alice, fine, "READY");
        long gib = 1024L * 1024 * 1024;
        provisioner.useDisk(full, 11 * gib);
        provisioner.useDisk(fine, 9 * gib);

        Await.until(Duration.ofSeconds(20), () -> reconciler.reconcile().ran(), Boolean::booleanValue, "a reconciler pass");

        awaitState(alice, full, "FAILED");
        assertThat(as(alice).get("/api/v1/sandboxes/" + full).then().extract().<String>path("reason"))
                .contains("11.0 GiB of disk").contains("more than the 10.0 GiB a sandbox may use");
        Await.until(Duration.ofSeconds(20), () -> provisioner.holds(full), held -> !held, "the full sandbox removed");
        assertThat(stateOf(alice, fine)).as("a sandbox under the limit is left alone").isEqualTo("READY");
        provisioner.useDisk(fine, 0);
    }

    @Test
    void aFailedProvisioningEndsFailedWithItsReasonAndLeavesNothing() {
        String alice = Tokens.learner(freshTenant("fail"), "alice");
        provisioner.failProvisioningWith("The Docker engine at tcp://10.1.2.3:2376 did not answer: Connection refused");

        String id = create(alice, "{\"labId\":\"" + LAB + "\"}");

        awaitState(alice, id, "FAILED");
        as(alice).get("/api/v1/sandboxes/" + id).then().body("reason", equalTo("Provisioning failed on our side; the"
                + " operators find the cause in the log under " + id + ". Create a new sandbox; if this happens again,"
                + " tell your instructor."));
        assertThat(provisioner.holds(id)).isFalse();
    }

    @Test
    void anUnreachableBackendAnswers503AndRecordsNothing() {
        String tenant = freshTenant("down");
        String alice = Tokens.learner(tenant, "alice");
        provisioner.setReachable(false);

        as(alice).body("{\"labId\":\"" + LAB + "\"}").post("/api/v1/sandboxes")
                .then().statusCode(503).contentType("application/problem+json")
                .body("type", endsWith("/backend-unavailable"));

        as(alice).get("/api/v1/sandboxes").then().body("total", equalTo(0));
    }

    @Test
    void aLabWithImagesOnABackendThatCannotSeedThemIsRefusedAndRecordsNothing() {
        String alice = Tokens.learner(freshTenant("seedless"), "alice");
        provisioner.lackImageSeeding(true);

        as(alice).body("{\"labId\":\"" + LAB + "\"}").post("/api/v1/sandboxes")
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", endsWith("/not-supported-by-backend"))
                .body("detail", containsString("Lab " + LAB + " needs the images"))
                .body("detail", containsString("the fake backend cannot put images into one"));

        as(alice).get("/api/v1/sandboxes").then().body("total", equalTo(0));
    }

    @Test
    void extendsUpToTheTenantMaximumThenRefuses() {
        String tenant = freshTenant("ext");
        tenantWithQuotas(tenant, 5, 2, 120);
        String alice = Tokens.learner(tenant, "alice");
        String id = create(alice, "{\"labId\":\"" + LAB + "\",\"ttlMinutes\":60}");
        awaitState(alice, id, "READY");
        Instant createdAt = Instant.parse(as(alice).get("/api/v1/sandboxes/" + id).path("createdAt"));

        Instant extended = Instant.parse(as(alice).body("{\"minutes\":30}").post("/api/v1/sandboxes/" + id + "/extend")
                .then().statusCode(200).extract().path("expiresAt"));
        assertThat(extended).isEqualTo(createdAt.plus(Duration.ofMinutes(90)));

        Instant capped = Instant.parse(as(alice).body("{\"minutes\":600}").post("/api/v1/sandboxes/" + id + "/extend")
                .then().statusCode(200).extract().path("expiresAt"));
        assertThat(capped).isEqualTo(createdAt.plus(Duration.ofMinutes(120)));

        as(alice).body("{\"minutes\":1}").post("/api/v1/sandboxes/" + id + "/extend")
                .then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("longest lifetime the tenant allows"));
    }

    @Test
    void requestedLifetimeIsCappedByTheTenant() {
        String tenant = freshTenant("cap");
        tenantWithQuotas(tenant, 5, 2, 30);
        String alice = Tokens.learner(tenant, "alice");

        var sandbox = as(alice).body("{\"labId\":\"" + LAB + "\",\"ttlMinutes\":600}").post("/api/v1/sandboxes")
                .then().statusCode(202).extract();

        Instant createdAt = Instant.parse(sandbox.path("createdAt"));
        assertThat(Instant.parse(sandbox.<String>path("expiresAt"))).isEqualTo(createdAt.plus(Duration.ofMinutes(30)));
    }

    @Test
    void listsWithFiltersAndPaging() {
        String tenant = freshTenant("list");
        tenantWithQuotas(tenant, 10, 5, 60);
        String alice = Tokens.learner(tenant, "alice");
        String first = create(alice, "{\"labId\":\"" + LAB + "\"}");
        String second = create(alice, "{\"labId\":\"" + LAB + "\"}");
        String third = create(alice, "{\"labId\":\"" + LAB + "\"}");
        awaitState(alice, third, "READY");
        as(alice).delete("/api/v1/sandboxes/" + first).then().statusCode(202);
        awaitState(alice, first, "TERMINATED");

        as(alice).queryParam("size", 2).get("/api/v1/sandboxes").then().statusCode(200)
                .body("total", equalTo(3)).body("items.size()", equalTo(2)).body("size", equalTo(2));
        as(alice).queryParam("size", 2).queryParam("page", 1).get("/api/v1/sandboxes").then()
                .body("items.size()", equalTo(1));
        as(alice).queryParam("state", "TERMINATED").get("/api/v1/sandboxes").then()
                .body("total", equalTo(1)).body("items[0].id", equalTo(first));
        as(alice).queryParam("labId", "p9-nothing").get("/api/v1/sandboxes").then().body("total", equalTo(0));
        as(Tokens.instructor(tenant, "irene")).queryParam("learner", "alice").queryParam("state", "READY")
                .get("/api/v1/sandboxes").then().body("total", equalTo(2));
        // Full pages: the total is counted with the filters' values
        as(alice).queryParam("state", "READY").queryParam("size", 1).get("/api/v1/sandboxes").then()
                .body("total", equalTo(2)).body("items.size()", equalTo(1));
        as(Tokens.instructor(tenant, "irene")).queryParam("learner", "alice").queryParam("size", 1)
                .queryParam("page", 4).get("/api/v1/sandboxes").then().body("total", equalTo(3))
                .body("items.size()", equalTo(0));
        assertThat(second).isNotEqualTo(third);
    }
}
