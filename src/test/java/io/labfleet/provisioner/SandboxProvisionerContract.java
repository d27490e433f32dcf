package io.labfleet.provisioner;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What every {@link SandboxProvisioner} must do, whatever its backend: provisioning converges when repeated,
 * every object it makes carries the sandbox's labels, the backend's listing and status follow the runtime, and
 * deprovisioning removes everything, also when repeated. What a backend may lack
 * ({@link SandboxProvisioner.Capability}) works where it says it has it and is refused, saying so, where it does not.
 * A backend's suite extends this class and tells it how to see the backend's objects directly (not through the
 * provisioner under test); the fake backend of the service's own suites passes it too.
 *
 * <p>One sandbox is shared by the tests that only look at it; the tests that break or remove a sandbox make
 * their own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class SandboxProvisionerContract {

    private final List<String> made = new ArrayList<>();
    private final List<Integer> sharedProgress = new ArrayList<>();
    private final List<String> sharedSteps = new ArrayList<>();
    private SandboxSpec shared;
    private ProvisionedSandbox sharedEndpoint;

    /** The provisioner under test. */
    protected abstract SandboxProvisioner provisioner();

    /**
     * Every object the backend holds for the sandbox, seen directly on the backend, by name (e.g.
     * {@code "network labfleet-x-sb-1"}), with its labels.
     */
    protected abstract Map<String, Map<String, String>> remainingFor(String sandboxId);

    /** Stops the sandbox's runtime behind the provisioner's back, as a crash would. */
    protected abstract void stopBehindItsBack(String sandboxId);

    protected SandboxSpec newSpec() {
        String id = "sb-ct" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        made.add(id);
        Instant expiresAt = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        return new SandboxSpec(id, "contract-tenant", "contract-learner", "p3-container-lifecycle", expiresAt,
                new ResourceLimits(512L * 1024 * 1024, 500, 512), List.of(), expiresAt.plus(3, ChronoUnit.HOURS), 10);
    }

    /** The sandbox the looking-only tests share, provisioned on first use. */
    protected synchronized SandboxSpec sharedSandbox() {
        if (shared == null) {
            shared = newSpec();
            ProgressListener progress = (step, percent, message) -> {
                sharedProgress.add(percent);
                sharedSteps.add(step);
            };
            sharedEndpoint = provisioner().provision(shared, progress);
            provisioner().seedImages(shared, sharedEndpoint, progress);
        }
        return shared;
    }

    @AfterAll
    void removeWhatTheTestsMade() {
        made.forEach(id -> provisioner().deprovision(id));
    }

    @Test
    void provisioningAgainConvergesOnTheSameSandbox() {
        SandboxSpec spec = sharedSandbox();
        Map<String, Map<String, String>> before = remainingFor(spec.sandboxId());

        ProvisionedSandbox again = provisioner().provision(spec, ProgressListener.NONE);

        assertThat(again).isEqualTo(sharedEndpoint);
        assertThat(remainingFor(spec.sandboxId()).keySet()).isEqualTo(before.keySet());
        assertThat(provisioner().status(spec.sandboxId())).isEqualTo(RuntimeStatus.RUNNING);
    }

    @Test
    void progressIsReportedInOrderUpToCompletion() {
        sharedSandbox();
        assertThat(sharedProgress).isNotEmpty().isSorted().last().isEqualTo(100);
    }

    @Test
    void everyObjectCarriesTheSandboxLabels() {
        SandboxSpec spec = sharedSandbox();
        Map<String, Map<String, String>> objects = remainingFor(spec.sandboxId());

        assertThat(objects).isNotEmpty();
        objects.forEach((object, labels) ->
                assertThat(labels).as(object).containsAllEntriesOf(SandboxLabels.of(spec)));
    }

    @Test
    void theListingShowsTheSandboxRunningWithItsTenant() {
        SandboxSpec spec = sharedSandbox();

        assertThat(provisioner().listManaged())
                .contains(new RuntimeSandbox(spec.sandboxId(), spec.tenantId(), RuntimeStatus.RUNNING));
    }

    @Test
    void statusFollowsTheRuntime() {
        SandboxSpec spec = newSpec();
        assertThat(provisioner().status(spec.sandboxId())).isEqualTo(RuntimeStatus.ABSENT);

        provisioner().provision(spec, ProgressListener.NONE);
        assertThat(provisioner().status(spec.sandboxId())).isEqualTo(RuntimeStatus.RUNNING);

        stopBehindItsBack(spec.sandboxId());
        assertThat(provisioner().status(spec.sandboxId())).isEqualTo(RuntimeStatus.STOPPED);
        assertThat(provisioner().listManaged())
                .contains(new RuntimeSandbox(spec.sandboxId(), spec.tenantId(), RuntimeStatus.STOPPED));

        provisioner().deprovision(spec.sandboxId());
        assertThat(provisioner().status(spec.sandboxId())).isEqualTo(RuntimeStatus.ABSENT);
    }

    @Test
    void deprovisioningRemovesEverythingAndCanBeRepeated() {
        SandboxSpec spec = newSpec();
        provisioner().provision(spec, ProgressListener.NONE);
        assertThat(remainingFor(spec.sandboxId())).isNotEmpty();

        provisioner().deprovision(spec.sandboxId());

        assertThat(remainingFor(spec.sandboxId())).isEmpty();
        assertThat(provisioner().listManaged()).extracting(RuntimeSandbox::sandboxId).doesNotContain(spec.sandboxId());
        assertThatCode(() -> provisioner().deprovision(spec.sandboxId())).doesNotThrowAnyException();
    }

    @Test
    void twoTeardownsAtOnceBothSucceed() throws Exception {
        SandboxSpec spec = newSpec();
        provisioner().provision(spec, ProgressListener.NONE);

        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var first = pool.submit(() -> provisioner().deprovision(spec.sandboxId()));
            var second = pool.submit(() -> provisioner().deprovision(spec.sandboxId()));
            first.get(2, java.util.concurrent.TimeUnit.MINUTES);
            second.get(2, java.util.concurrent.TimeUnit.MINUTES);
        } finally {
            pool.shutdownNow();
        }

        assertThat(remainingFor(spec.sandboxId())).isEmpty();
    }

    @Test
    void aShellIsOpenedOnlyWhereTheBackendCanExec() {
        ShellRequest request = new ShellRequest(List.of("true"), false, "xterm", 80, 24);
        String absent = newSpec().sandboxId();
        if (provisioner().can(SandboxProvisioner.Capability.EXEC)) {
            assertThatThrownBy(() -> provisioner().exec(absent, request)).as("a sandbox without a runtime")
                    .isInstanceOf(ProvisioningException.class);
        } else {
            assertThatThrownBy(() -> provisioner().exec(sharedSandbox().sandboxId(), request))
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining(provisioner().backend()).hasMessageContaining("docker context");
        }
    }

    @Test
    void aStoppedSandboxIsStartedAgainWithItsLabelsOnlyWhereTheBackendCanResume() {
        SandboxSpec spec = newSpec();
        provisioner().provision(spec, ProgressListener.NONE);
        stopBehindItsBack(spec.sandboxId());
        if (provisioner().can(SandboxProvisioner.Capability.RESUME)) {
            ProvisionedSandbox resumed = provisioner().resume(spec.sandboxId());
            assertThat(resumed.daemonHost()).isNotBlank();
            assertThat(provisioner().status(spec.sandboxId())).isEqualTo(RuntimeStatus.RUNNING);
            remainingFor(spec.sandboxId()).forEach((object, labels) ->
                    assertThat(labels).as(object).containsAllEntriesOf(SandboxLabels.of(spec)));
        } else {
            assertThatThrownBy(() -> provisioner().resume(spec.sandboxId()))
                    .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining(provisioner().backend());
            assertThat(provisioner().status(spec.sandboxId())).isEqualTo(RuntimeStatus.STOPPED);
        }
    }

    @Test
    void anIdleSandboxIsSuspendedAndWokenWithItsLabelsOnlyWhereTheBackendCanSuspend() {
        SandboxSpec spec = newSpec();
        provisioner().provision(spec, ProgressListener.NONE);
        if (provisioner().can(SandboxProvisioner.Capability.SUSPEND)) {
            assertThat(provisioner().can(SandboxProvisioner.Capability.RESUME)).as("a suspended sandbox is woken by resume")
                    .isTrue();
            assertThat(provisioner().runsContainers(spec.sandboxId())).as("a fresh sandbox runs no container")
                    .isFalse();
            assertThat(provisioner().suspend(spec.sandboxId())).isTrue();
            assertThat(provisioner().status(spec.sandboxId())).isEqualTo(RuntimeStatus.STOPPED);
            assertThat(provisioner().runsContainers(spec.sandboxId())).as("nor a stopped one").isFalse();
            assertThat(provisioner().suspend(spec.sandboxId())).as("suspended twice").isTrue();
            assertThat(provisioner().listManaged()).as("a suspended sandbox is no leftover")
                    .contains(new RuntimeSandbox(spec.sandboxId(), spec.tenantId(), RuntimeStatus.STOPPED));

            assertThat(provisioner().resume(spec.sandboxId()).daemonHost()).isNotBlank();
            assertThat(provisioner().status(spec.sandboxId())).isEqualTo(RuntimeStatus.RUNNING);
            remainingFor(spec.sandboxId()).forEach((object, labels) ->
                    assertThat(labels).as(object).containsAllEntriesOf(SandboxLabels.of(spec)));
        } else {
            assertThatThrownBy(() -> provisioner().suspend(spec.sandboxId()))
                    .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining(provisioner().backend());
            assertThatThrownBy(() -> provisioner().runsContainers(spec.sandboxId()))
                    .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining(provisioner().backend());
            assertThat(provisioner().status(spec.sandboxId())).isEqualTo(RuntimeStatus.RUNNING);
        }
    }

    @Test
    void theImagesStepIsReportedExactlyWhereTheBackendSeedsImages() {
        sharedSandbox();
        assertThat(sharedSteps.contains("images")).as("an images step among " + sharedSteps)
                .isEqualTo(provisioner().can(SandboxProvisioner.Capability.IMAGE_SEEDING));
    }

    /**
     * A warm pool's sandbox has no owner yet; only a backend with {@link SandboxProvisioner.Capability#WARM_POOLS}
     * is asked to make one (the service refuses pool sizes on the others: {@code KubernetesBackendResourceTest}).
     */
    @Test
    void anOwnerlessSandboxIsMadeAndListedWithoutATenantWhereTheBackendKeepsWarmPools() {
        assumeTrue(provisioner().can(SandboxProvisioner.Capability.WARM_POOLS),
                "the service never asks this backend for an ownerless sandbox");
        SandboxSpec owned = newSpec();
        SandboxSpec pooled = new SandboxSpec(owned.sandboxId(), null, null, owned.labId(), owned.expiresAt(),
                owned.limits(), owned.images(), owned.expiresAt(), 0);

        provisioner().provision(pooled, ProgressListener.NONE);

        assertThat(provisioner().status(pooled.sandboxId())).isEqualTo(RuntimeStatus.RUNNING);
        assertThat(provisioner().listManaged()).contains(new RuntimeSandbox(pooled.sandboxId(), null, RuntimeStatus.RUNNING));
        remainingFor(pooled.sandboxId()).forEach((object, labels) ->
                assertThat(labels).as(object).containsAllEntriesOf(SandboxLabels.of(pooled))
                        .doesNotContainKeys(SandboxLabels.TENANT, SandboxLabels.LEARNER));
    }

    @Test
    void deprovisioningASandboxThatNeverExistedSucceeds() {
        assertThatCode(() -> provisioner().deprovision(newSpec().sandboxId())).doesNotThrowAnyException();
    }
}
