package io.labfleet.provisioner.kubernetes;

import io.labfleet.commons.Strings;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.labfleet.provisioner.RuntimeStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a sandbox pod's status says of its Docker daemon, read without I/O: ready (the kubelet's probe of
 * {@code /_ping} passes and the pod has an address), still starting, or failed for a reason that waiting will
 * not cure (an image that cannot be pulled, a daemon that keeps crashing, a pod that was stopped).
 */
record PodReadiness(Outcome outcome, String description) {

    enum Outcome { STARTING, READY, FAILED }

    /** Reasons a container waits for ever: retrying does not fix them, so provisioning fails at once. */
    /** A container's own words are shown to the learner, so only their start is kept. */
    private static final int MAX_MESSAGE = 300;
    private static final Set<String> HOPELESS_WAITING = Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName",
            "ErrImageNeverPull", "CreateContainerConfigError", "CreateContainerError", "CrashLoopBackOff",
            "RunContainerError");

    static PodReadiness of(Pod pod) {
        if (pod == null) {
            return new PodReadiness(Outcome.FAILED, "its pod was deleted");
        }
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            return new PodReadiness(Outcome.FAILED, "its pod is being deleted");
        }
        PodStatus status = Optional.ofNullable(pod.getStatus()).orElseGet(PodStatus::new);
        String phase = Optional.ofNullable(status.getPhase()).orElse("Pending");
        if (phase.equals("Failed") || phase.equals("Succeeded")) {
            return new PodReadiness(Outcome.FAILED, "its pod stopped (" + phase + describe(status.getReason(), status.getMessage()) + ")");
        }
        Optional<ContainerStatus> hopeless = containerStatuses(status).stream()
                .filter(container -> container.getState() != null && container.getState().getWaiting() != null
                        && HOPELESS_WAITING.contains(container.getState().getWaiting().getReason()))
                .findFirst();
        if (hopeless.isPresent()) {
            ContainerStateWaiting waiting = hopeless.get().getState().getWaiting();
            return new PodReadiness(Outcome.FAILED, "its container " + hopeless.get().getName() + " cannot run"
                    + describe(waiting.getReason(), waiting.getMessage()) + lastFailure(hopeless.get()));
        }
        if (phase.equals("Running") && isTrue(status, "Ready") && status.getPodIP() != null) {
            return new PodReadiness(Outcome.READY, "its daemon answers at " + status.getPodIP());
        }
        return new PodReadiness(Outcome.STARTING, "its pod is " + phase + unmetCondition(status));
    }

    /** Running while the pod runs and is not being deleted; the daemon may be restarting in it. */
    static RuntimeStatus runtimeStatus(Pod pod) {
        boolean running = pod.getMetadata().getDeletionTimestamp() == null
                && pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase());
        return running ? RuntimeStatus.RUNNING : RuntimeStatus.STOPPED;
    }

    boolean settled() {
        return outcome != Outcome.STARTING;
    }

    /** The init containers' statuses first: while one of them fails, the others never start. */
    private static List<ContainerStatus> containerStatuses(PodStatus status) {
        List<ContainerStatus> all = new ArrayList<>();
        Optional.ofNullable(status.getInitContainerStatuses()).ifPresent(all::addAll);
        Optional.ofNullable(status.getContainerStatuses()).ifPresent(all::addAll);
        return all;
    }

    /** Why the container's last run ended, as it wrote it ({@code /dev/termination-log} or its log's end). */
    private static String lastFailure(ContainerStatus container) {
        ContainerStateTerminated terminated = container.getLastState() == null ? null
                : container.getLastState().getTerminated();
        if (terminated == null || terminated.getMessage() == null || terminated.getMessage().isBlank()) {
            return "";
        }
        String message = terminated.getMessage().strip();
        return " (last run: " + Strings.truncate(message, MAX_MESSAGE + 1) + ")";
    }

    private static boolean isTrue(PodStatus status, String type) {
        return conditions(status).stream().anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** Why the pod is not there yet, e.g. "PodScheduled: Unschedulable: 0/3 nodes have enough memory". */
    private static String unmetCondition(PodStatus status) {
        return conditions(status).stream()
                .filter(c -> "False".equals(c.getStatus()) && (c.getReason() != null || c.getMessage() != null))
                .findFirst()
                .map(c -> ", " + c.getType() + " is false" + describe(c.getReason(), c.getMessage()))
                .orElse("");
    }

    private static List<PodCondition> conditions(PodStatus status) {
        return status.getConditions() == null ? List.of() : status.getConditions();
    }

    private static String describe(String reason, String message) {
        StringBuilder text = new StringBuilder();
        if (reason != null) {
            text.append(": ").append(reason);
        }
        if (message != null) {
            text.append(": ").append(message);
        }
        return text.toString();
    }
}
