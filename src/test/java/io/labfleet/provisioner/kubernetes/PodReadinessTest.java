package io.labfleet.provisioner.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.labfleet.provisioner.RuntimeStatus;
import org.junit.jupiter.api.Test;

import static io.labfleet.provisioner.kubernetes.PodReadiness.Outcome.FAILED;
import static io.labfleet.provisioner.kubernetes.PodReadiness.Outcome.READY;
import static io.labfleet.provisioner.kubernetes.PodReadiness.Outcome.STARTING;
import static org.assertj.core.api.Assertions.assertThat;

class PodReadinessTest {

    static PodBuilder pod() {
        return new PodBuilder().withNewMetadata().withName("sb-1").withNamespace("labfleet-acme").endMetadata();
    }

    @Test
    void aNewPodIsStartingAndSaysWhyItIsNotScheduled() {
        Pod pod = pod().withNewStatus().withPhase("Pending")
                .addNewCondition().withType("PodScheduled").withStatus("False").withReason("Unschedulable")
                .withMessage("0/3 nodes are available: 3 Insufficient memory.").endCondition()
                .endStatus().build();

        PodReadiness readiness = PodReadiness.of(pod);

        assertThat(readiness.outcome()).isEqualTo(STARTING);
        assertThat(readiness.description()).isEqualTo("its pod is Pending, PodScheduled is false: Unschedulable: "
                + "0/3 nodes are available: 3 Insufficient memory.");
        assertThat(PodReadiness.of(pod().build()).outcome()).isEqualTo(STARTING);
    }

    @Test
    void aRunningPodIsReadyOnlyOnceTheProbePassesAndItHasAnAddress() {
        Pod running = pod().withNewStatus().withPhase("Running").withPodIP("10.42.0.7")
                .addNewCondition().withType("Ready").withStatus("False").endCondition().endStatus().build();
        Pod ready = new PodBuilder(running).editStatus().editFirstCondition().withStatus("True").endCondition().endStatus().build();

        assertThat(PodReadiness.of(running).outcome()).isEqualTo(STARTING);
        assertThat(PodReadiness.of(ready)).isEqualTo(new PodReadiness(READY, "its daemon answers at 10.42.0.7"));
        assertThat(PodReadiness.runtimeStatus(running)).isEqualTo(RuntimeStatus.RUNNING);
    }

    @Test
    void anImageThatCannotBePulledOrADaemonThatKeepsCrashingFailsAtOnce() {
        for (String reason : new String[]{"ErrImagePull", "ImagePullBackOff", "CrashLoopBackOff"}) {
            Pod pod = pod().withNewStatus().withPhase("Pending").addNewContainerStatus().withName("docker")
                    .withNewState().withNewWaiting().withReason(reason).withMessage("details").endWaiting().endState()
                    .endContainerStatus().endStatus().build();

            assertThat(PodReadiness.of(pod)).isEqualTo(new PodReadiness(FAILED, "its container docker cannot run: " + reason + ": details"));
        }
        Pod creating = pod().withNewStatus().withPhase("Pending").addNewContainerStatus().withName("docker")
                .withNewState().withNewWaiting().withReason("ContainerCreating").endWaiting().endState()
                .endContainerStatus().endStatus().build();
        assertThat(PodReadiness.of(creating).outcome()).isEqualTo(STARTING);
    }

    @Test
    void aStoppedDeletedOrMissingPodHasFailed() {
        Pod expired = pod().withNewStatus().withPhase("Failed").withReason("DeadlineExceeded").endStatus().build();
        Pod deleting = pod().editMetadata().withDeletionTimestamp("2026-11-28T10:00:00Z").endMetadata()
                .withNewStatus().withPhase("Running").endStatus().build();

        assertThat(PodReadiness.of(expired)).isEqualTo(new PodReadiness(FAILED, "its pod stopped (Failed: DeadlineExceeded)"));
        assertThat(PodReadiness.of(deleting).outcome()).isEqualTo(FAILED);
        assertThat(PodReadiness.of(null).outcome()).isEqualTo(FAILED);
        assertThat(PodReadiness.runtimeStatus(expired)).isEqualTo(RuntimeStatus.STOPPED);
        assertThat(PodReadiness.runtimeStatus(deleting)).isEqualTo(RuntimeStatus.STOPPED);
    }
}
