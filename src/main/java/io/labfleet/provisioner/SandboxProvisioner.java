package io.labfleet.provisioner;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs sandboxes on some backend (a Docker host, a Kubernetes cluster). Implementations say their
 * technology in their name and are chosen by {@code labfleet.provisioner.backend}.
 *
 * <p>Every operation is idempotent: calling it twice, or again after a crash, converges on the same
 * result. Everything an implementation creates carries the labels of {@link SandboxLabels}.
 */
public interface SandboxProvisioner {

    /**
     * What a backend may be unable to do. Each implementation says which it has ({@link #capabilities()}); the
     * contract suite holds it to that (what it has works, what it lacks is refused in words a person can read), and
     * the service offers only what the active backend has.
     */
    enum Capability {
        /** {@link #exec}: a process in the sandbox itself (the SSH shell, the browser terminal). */
        EXEC,
        /** {@link #resume}: a stopped sandbox started again with everything in it. */
        RESUME,
        /**
         * {@link #suspend}: the runtime of an idle sandbox stopped, everything in it kept, so that it holds no memory
         * until {@link #resume} wakes it. Only with {@link #RESUME}.
         */
        SUSPEND,
        /**
         * Warm pools: a sandbox provisioned before its owner is known (a spec without tenant or learner) can be handed
         * over to a learner later without touching its runtime. A backend that places a sandbox by its tenant
         * (Kubernetes: the tenant's namespace, quota and policies) cannot.
         */
        WARM_POOLS,
        /**
         * {@link #seedImages}: the lab's images ({@link SandboxSpec#images()}) are put into the sandbox's daemon once it
         * answers, reported as the {@code images} progress step, so a learner never waits for (or depends on) a pull.
         */
        IMAGE_SEEDING
    }

    /** The value of {@code labfleet.provisioner.backend} that selects this implementation. */
    String backend();

    /** What this backend can do of what backends may lack. */
    Set<Capability> capabilities();

    /** Whether this backend can do {@code capability}. */
    default boolean can(Capability capability) {
        return capabilities().contains(capability);
    }

    /**
     * Creates (or finds, if it already exists) everything the sandbox needs and returns once its
     * Docker daemon answers, without the lab's images ({@link #seedImages} puts them in). Reports progress as it goes.
     *
     * @throws ProvisioningException with a reason a person can act on; the caller then deprovisions
     */
    ProvisionedSandbox provision(SandboxSpec spec, ProgressListener progress);

    /**
     * Puts the lab's images ({@link SandboxSpec#images()}) the sandbox's daemon lacks into it, the daemon of
     * {@code runtime} that {@link #provision} returned (or {@link #resume}), and reports the {@code images} step.
     * Idempotent: seeding again leaves the daemon with the same images (Docker skips those already there), so a
     * seeding a crash cut short can simply run again.
     * Backends without {@link Capability#IMAGE_SEEDING} keep this default, which seeds nothing (the service refuses
     * a lab with images on them).
     *
     * @throws UnsupportedOperationException when images are asked of a backend that cannot seed them
     * @throws ProvisioningException         naming the image that could not be had, and what to do
     */
    default void seedImages(SandboxSpec spec, ProvisionedSandbox runtime, ProgressListener progress) {
        if (!spec.images().isEmpty()) {
            throw new UnsupportedOperationException("The " + backend() + " backend cannot put a lab's images into a"
                    + " sandbox.");
        }
    }

    /**
     * Starts the stopped runtime of a provisioned sandbox again, keeping everything in it (after its engine or node
     * restarted, or someone stopped it), and returns once its daemon answers, with where it answers now. Nothing is
     * created or copied in: what the learner removed stays removed. Backends without {@link Capability#RESUME} keep
     * this default.
     *
     * @throws UnsupportedOperationException when this backend cannot start a stopped sandbox again
     * @throws ProvisioningException         when it could not be started (yet); its data is left as it is
     */
    default ProvisionedSandbox resume(String sandboxId) {
        throw new UnsupportedOperationException("The " + backend() + " backend cannot start a stopped sandbox again.");
    }

    /**
     * Stops the runtime of an idle sandbox, keeping everything in it (images, containers, volumes, its address), so
     * that it uses no memory until {@link #resume} wakes it; unless one of the learner's containers runs in it (a
     * server the learner left running would stop): then nothing is done. Idempotent: a stopped sandbox stays so.
     * Backends without {@link Capability#SUSPEND} keep this default.
     *
     * @return true when the sandbox is stopped now, false when it was left running because containers run in it
     * @throws UnsupportedOperationException when this backend cannot suspend a sandbox
     * @throws ProvisioningException         when its runtime is gone or the backend did not answer
     */
    default boolean suspend(String sandboxId) {
        throw new UnsupportedOperationException("The " + backend() + " backend cannot suspend an idle sandbox.");
    }

    /**
     * Whether one of the learner's containers runs in the sandbox, which keeps {@link #suspend} from stopping it: asked
     * before a suspension touches the sandbox's row, so that a busy sandbox is left entirely alone ({@link #suspend}
     * asks again, for one started in between). Backends without {@link Capability#SUSPEND} keep this default.
     *
     * @throws UnsupportedOperationException when this backend cannot suspend a sandbox
     * @throws ProvisioningException         when its runtime is gone or the backend did not answer
     */
    default boolean runsContainers(String sandboxId) {
        throw new UnsupportedOperationException("The " + backend() + " backend cannot suspend an idle sandbox.");
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
     * {@code docker rm -f $(docker ps -aq)}. Backends without {@link Capability#EXEC} keep this default.
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
