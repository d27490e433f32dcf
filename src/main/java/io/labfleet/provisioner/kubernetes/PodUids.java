package io.labfleet.provisioner.kubernetes;

import java.util.List;

/**
 * The host uids rootless pods without user namespaces run as, one per sandbox: without a user namespace a pod's uid
 * is the node's, and the kernel charges its per-user limits (inotify instances, processes, user namespaces, message
 * queues) to it, so two sandboxes of one uid on a node would share them and one learner could exhaust them for the
 * other.
 */
interface PodUids {

    /**
     * The sandbox's uid: the one it already holds (a provisioning repeated after a crash keeps it), or a free one.
     *
     * @throws io.labfleet.provisioner.ProvisioningException when none is free
     */
    int claim(String sandboxId);

    /** Gives the sandbox's uid back once its pod is gone; nothing happens when it holds none. */
    void release(String sandboxId);

    /** Every sandbox holding a uid, whether or not its pod is left. */
    List<String> sandboxesHolding();
}
