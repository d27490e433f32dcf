package io.labfleet.provisioner;

import java.util.List;

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

    /** Removes everything the sandbox owns. Succeeds when there is nothing left to remove. */
    void deprovision(String sandboxId);

    /** Whether the sandbox's runtime object still exists and its daemon is running. */
    RuntimeStatus status(String sandboxId);

    /** The sandboxes this backend holds resources for, found by their labels, for the reconciler. */
    List<RuntimeSandbox> listManaged();

    /** Whether the backend itself (the Docker engine, the API server) answers. */
    boolean isReachable();
}
