package io.labfleet.provisioner;

import java.util.List;
import java.util.Map;

/**
 * Runs sandboxes on some backend (a Docker host, a Kubernetes cluster). Implementations say their
 * technology in their name and are chosen by {@code labfleet.provisioner.backend}.
 *
 * <p>Every operation is idempotent: calling it twice, or again after a crash, converges on the same
 * result. Everything an implementation creates carries the labels of {@link SandboxLabels}.
 */
public interface SandboxProvisioner {

    /** The value of {@code labfleet.provisioner.backend} that selects this implementation. */
    String backend();

    /**
     * Creates (or finds, if it already exists) everything the sandbox needs and returns once its
     * Docker daemon answers. Reports progress as it goes.
     *
     * @throws ProvisioningException with a reason a person can act on; the caller then deprovisions
     */
    ProvisionedSandbox provision(SandboxSpec spec, ProgressListener progress);

    /**
     * Starts the stopped runtime of a provisioned sandbox again, keeping everything in it (after its engine or node
     * restarted, or someone stopped it), and returns once its daemon answers, with where it answers now. Nothing is
     * created or copied in: what the learner removed stays removed. Backends whose runtime cannot be started again
     * keep this default.
     *
     * @throws UnsupportedOperationException when this backend cannot start a stopped sandbox again
     * @throws ProvisioningException         when it could not be started (yet); its data is left as it is
     */
    default ProvisionedSandbox resume(String sandboxId) {
        throw new UnsupportedOperationException("The " + backend() + " backend cannot start a stopped sandbox again.");
    }

    /**
     * Whether a sandbox provisioned before its owner is known (a warm pool's: a spec without tenant or learner) can
     * be handed over to a learner later without touching its runtime. Backends that place a sandbox by its tenant
     * (Kubernetes: the tenant's namespace, quota and policies) keep this default, and their labs keep no warm pool.
     */
    default boolean supportsWarmPools() {
        return false;
    }

    /** Removes everything the sandbox owns. Succeeds when there is nothing left to remove. */
    void deprovision(String sandboxId);

    /** Whether the sandbox's runtime object still exists and its daemon is running. */
    RuntimeStatus status(String sandboxId);

    /** The sandboxes this backend holds resources for, found by their labels, for the reconciler. */
    List<RuntimeSandbox> listManaged();

    /** Whether the backend itself (the Docker engine, the API server) answers. */
    boolean isReachable();

    /**
     * Starts a process inside the sandbox itself, the learner's "Docker host" (where {@code docker} talks to the
     * sandbox's own daemon), for {@code ssh <sandbox>@gateway}. The Docker backend runs it like
     * {@code docker exec} in the sandbox container (a Kubernetes backend would exec in the pod's DinD container):
     * the learner's own daemon never sees it, so it neither shows in their {@code docker ps} nor dies with
     * {@code docker rm -f $(docker ps -aq)}. Backends that cannot do it keep this default.
     *
     * @throws UnsupportedOperationException saying so, in words shown to the learner
     * @throws ProvisioningException when the sandbox's runtime does not answer
     */
    default SandboxProcess exec(String sandboxId, ShellRequest request) {
        throw new UnsupportedOperationException("The " + backend() + " backend cannot open a shell in a sandbox; "
                + "use the sandbox through your docker context instead.");
    }

    /**
     * The disk each sandbox of this installation uses now, in bytes, by sandbox id, where the backend cannot
     * enforce {@code labfleet.sandbox.disk} itself and measures instead (the reconciler fails a sandbox above it).
     * Backends that enforce it (Kubernetes' emptyDir size limit) keep this default: nothing measured.
     */
    default Map<String, Long> diskUsage() {
        return Map.of();
    }
}
