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

/**
 * What every {@link SandboxProvisioner} must do, whatever its backend: provisioning converges when repeated,
 * every object it makes carries the sandbox's labels, the backend's listing and status follow the runtime, and
 * deprovisioning removes everything, also when repeated. A backend's suite extends this class and tells it
 * how to see the backend's objects directly (not through the provisioner under test).
 *
 * <p>One sandbox is shared by the tests that only look at it; the tests that break or remove a sandbox make
 * their own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class SandboxProvisionerContract {

    private final List<String> made = new ArrayList<>();
    private final List<Integer> sharedProgress = new ArrayList<>();
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
        return new SandboxSpec(id, "contract-tenant", "contract-learner", "p3-container-lifecycle",
                Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS),
                new ResourceLimits(512L * 1024 * 1024, 500, 512), List.of());
    }

    /** The sandbox the looking-only tests share, provisioned on first use. */
    protected synchronized SandboxSpec sharedSandbox() {
        if (shared == null) {
            shared = newSpec();
            sharedEndpoint = provisioner().provision(shared, (step, percent, message) -> sharedProgress.add(percent));
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
    void deprovisioningASandboxThatNeverExistedSucceeds() {
        assertThatCode(() -> provisioner().deprovision(newSpec().sandboxId())).doesNotThrowAnyException();
    }
}
