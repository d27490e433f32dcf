package io.labfleet.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;

/**
 * The Kubernetes sandbox backend ({@code labfleet.kubernetes.*}), used when
 * {@code labfleet.provisioner.backend=kubernetes}. The API server itself is configured with Quarkus'
 * {@code quarkus.kubernetes-client.*} keys (in a cluster: the pod's service account).
 */
@ConfigMapping(prefix = "labfleet.kubernetes")
public interface KubernetesConfig {

    /**
     * Names this Labfleet installation on the cluster. Everything it creates carries it as a label, and it only
     * ever lists, changes or removes objects with its own, so two installations (with different namespace
     * prefixes) can share a cluster. The chart sets it to the release's namespace and name.
     */
    @WithDefault("default")
    String installation();

    /** Image of the sandbox pod's Docker-in-Docker container (the project's sandbox image or docker:dind). */
    @WithDefault("labfleet/sandbox:latest")
    String image();

    /** Pull policy of that image: {@code IfNotPresent}, {@code Always} or {@code Never}. */
    @WithDefault("IfNotPresent")
    String imagePullPolicy();

    /**
     * Prefix of the namespace each tenant's sandboxes run in: tenant {@code acme} gets {@code labfleet-acme}.
     * Tenant ids that do not fit a namespace name are shortened and suffixed with a hash.
     */
    @WithDefault("labfleet-")
    String namespacePrefix();

    /** How the sandbox's Docker daemon is isolated from the node: {@code privileged} or {@code sysbox}. */
    @WithDefault("privileged")
    Isolation isolation();

    /** RuntimeClass of the {@code sysbox} profile (the name sysbox's installer creates). */
    @WithDefault("sysbox-runc")
    String sysboxRuntimeClass();

    /**
     * How the {@code sysbox} profile asks for a user namespace: {@code annotation} (CRI-O's
     * {@code io.kubernetes.cri-o.userns-mode}, as sysbox documents for CRI-O nodes) or {@code host-users}
     * ({@code hostUsers: false}, for containerd 2 nodes with user namespaces enabled).
     */
    @WithDefault("annotation")
    SysboxUserNamespace sysboxUserNamespace();

    /** Namespace the Labfleet service runs in: only its pods may reach the sandboxes' daemons. */
    @WithDefault("labfleet")
    String serviceNamespace();

    /**
     * Labels of the Labfleet service's pods, as {@code key=value} pairs separated by commas: the sandboxes'
     * NetworkPolicy admits these pods (in the service namespace) and no others.
     */
    @WithDefault("app.kubernetes.io/name=labfleet")
    String servicePodSelector();

    /** Port the sandbox's Docker daemon listens on (plain TCP, reachable by the service only). */
    @WithDefault("2375")
    int daemonPort();

    /** Size limit of the sandbox's {@code /var/lib/docker} (an emptyDir), also its ephemeral-storage limit. */
    @WithDefault("10Gi")
    String dockerStorage();

    /**
     * Requests as a percentage of the limits (CPU, memory): below 100 the cluster schedules more sandboxes
     * than it could run at full load, since idle sandboxes use little.
     */
    @WithDefault("25")
    int requestPercent();

    /**
     * Added to a sandbox's latest possible expiry to make its pod's {@code activeDeadlineSeconds}: a backstop
     * that stops the pod even if the service is down when the sandbox expires.
     */
    @WithDefault("15m")
    Duration deadlineGrace();

    /** How long a teardown waits for the sandbox's pod to be gone. */
    @WithDefault("2m")
    Duration deleteTimeout();

    /**
     * Address ranges sandboxes may not reach (the cluster's and the cloud's private ranges, the metadata
     * service); everything else on the internet is allowed, and DNS.
     */
    @WithDefault("10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,169.254.0.0/16")
    List<String> blockedEgressCidrs();

    /** Labels of the cluster DNS pods (in any namespace) that sandboxes may query on port 53. */
    @WithDefault("k8s-app=kube-dns")
    String dnsPodSelector();

    /** Isolation profiles of the sandbox pod. */
    enum Isolation {
        /** A privileged container; its namespace is labelled for the {@code privileged} pod security level. */
        PRIVILEGED,
        /** The sysbox runtime: no privileged flag, root only inside a user namespace. */
        SYSBOX
    }

    /** How a sysbox pod gets its user namespace. */
    enum SysboxUserNamespace {
        ANNOTATION,
        HOST_USERS
    }
}
