package io.labfleet.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

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

    /**
     * Pull policy of that image and of the lab-images image: {@code IfNotPresent}, {@code Always} or {@code Never}.
     * {@code Never} by default: the default names carry no registry host, so a pull would fetch whatever someone
     * published under {@code labfleet/} on Docker Hub, a name this project does not own. Name your own registry
     * before choosing a policy that pulls.
     */
    @WithDefault("Never")
    String imagePullPolicy();

    /**
     * Prefix of the namespace each tenant's sandboxes run in: tenant {@code acme} gets {@code labfleet-acme}.
     * Tenant ids that do not fit a namespace name are shortened and suffixed with a hash.
     */
    @WithDefault("labfleet-")
    String namespacePrefix();

    /**
     * How the sandbox's Docker daemon is isolated from the node: {@code rootless} (the project's sandbox image as an
     * unprivileged user with only SETUID/SETGID and a seccomp profile of its own: in a user namespace of its own where
     * the cluster has them, else as a host uid of its own, see {@link #rootlessUidFirst()}), {@code sysbox} (the sysbox runtime class), or {@code privileged} (a privileged container: only when
     * an operator insists; a learner's nested {@code docker run --privileged} then reaches the node).
     */
    @WithDefault("rootless")
    Isolation isolation();

    /**
     * The first host uid {@code rootless} pods without user namespaces run as. Each such pod runs as a uid of its own
     * from {@link #rootlessUidFirst()} to {@code first + count - 1}, leased through the database (the same leases as the
     * Docker backend's), with 65536 subordinate ids of its own for its nested containers (uid {@code first + i} owns
     * {@code first + 65536 * (i + 1)} onwards): the kernel's per-user limits of a node (inotify instances, user
     * namespaces, processes, message queues) are never shared between two sandboxes on it, nor is any host uid. The
     * sandbox image must be built for the same first uid and at least as many
     * ({@code sandbox/build-offline.sh --uids FIRST:COUNT}, whose default is this key's and
     * {@link #rootlessUidCount()}'s); a pod of a uid the image has no account for fails to start. Give two
     * installations on one cluster blocks that do not overlap: the service refuses to start when another
     * installation's tenant namespaces show an overlapping block (label {@code labfleet.io/rootless-uids}). Pods with
     * user namespaces do not use it: they run as
     * the image's {@code rootless-userns} (65535) in a host range the kubelet gives each pod. At least 165536, and the
     * block must end below 2^31.
     */
    @WithDefault("1000000000")
    int rootlessUidFirst();

    /**
     * How many uids {@code rootless} pods without user namespaces take from {@link #rootlessUidFirst()}: at most that
     * many such sandboxes at once (1 to 65535); a sandbox asked for beyond it fails with that reason.
     */
    @WithDefault("4096")
    int rootlessUidCount();

    /**
     * Whether {@code rootless} pods get a user namespace of their own ({@code hostUsers: false}, which also lets
     * {@code /proc} be unmasked for nested containers): {@code auto} (when the API server is Kubernetes 1.33 or
     * later; the nodes also need containerd 2.0+ or CRI-O), {@code enabled}, or {@code disabled} (the rootless container in
     * the node's user namespace, {@code /proc} masked as usual).
     */
    @WithDefault("auto")
    UserNamespaces userNamespaces();

    /**
     * Seccomp profile of {@code rootless} pods: a {@code Localhost} profile path relative to the kubelet's seccomp
     * directory ({@code /var/lib/kubelet/seccomp/}), where the operator copies {@code sandbox/seccomp-rootless.json};
     * or {@code unconfined}, the alternative where profiles cannot be installed on the nodes (the tenant
     * namespaces then need the {@code privileged} pod security level).
     */
    @WithDefault("labfleet/seccomp-rootless.json")
    String seccompProfile();

    /**
     * AppArmor profile of {@code rootless} pods: {@code runtime-default} (nodes without AppArmor, or whose
     * default profile allows the mounts rootlesskit makes), {@code unconfined} (tenant namespaces then need the
     * {@code privileged} pod security level), or {@code localhost/<profile>} loaded on the nodes.
     */
    @WithDefault("runtime-default")
    String apparmorProfile();

    /**
     * Extended resource that gives a pod {@code /dev/net/tun}, which rootless networking (slirp4netns) needs, e.g.
     * {@code squat.ai/tun} from a generic device plugin; empty when the container runtime provides the device
     * to every container.
     */
    Optional<String> tunDeviceResource();

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
    @WithDefault("10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,169.254.0.0/16,100.64.0.0/10")
    List<String> blockedEgressCidrs();

    /**
     * The cluster's Service address range ({@code --service-cluster-ip-range} of the API server), blocked to
     * sandboxes as well when it lies outside the blocked ranges (e.g. GKE's {@code 34.118.224.0/20}).
     */
    Optional<String> serviceCidr();

    /** Labels of the cluster DNS pods (in any namespace) that sandboxes may query on port 53. */
    @WithDefault("k8s-app=kube-dns")
    String dnsPodSelector();

    /**
     * ClusterRole holding the service's rights inside a tenant namespace (pods, exec, policies, quota). It is never
     * bound cluster-wide: the provisioner binds it in each tenant namespace it makes, with a RoleBinding to
     * {@link #serviceAccount()}. The chart creates it and names it here.
     */
    @WithDefault("labfleet-sandboxes")
    String sandboxRole();

    /** The service's ServiceAccount (in {@link #serviceNamespace()}), the subject of those RoleBindings. */
    @WithDefault("labfleet")
    String serviceAccount();

    /**
     * Where lab images come from on this backend: {@code bundle} (an init container copies them from
     * {@link #labImagesImage()} into the pod, the service loads them into the sandbox's daemon before READY; no
     * registry needed) or {@code pull} (the sandbox's daemon pulls them, through {@link #registryMirror()} if set).
     */
    @WithDefault("bundle")
    ImageSource imageSource();

    /** Image holding the lab images as {@code docker save} archives ({@code image/lab-images}). */
    @WithDefault("labfleet/lab-images:latest")
    String labImagesImage();

    /** Registry mirror the sandbox daemons pull through ({@code --registry-mirror}), for {@code pull}. */
    Optional<String> registryMirror();

    /** Isolation profiles of the sandbox pod. */
    enum Isolation {
        /** The sandbox image's rootless daemon as an unprivileged user: no privilege, only SETUID/SETGID (default). */
        ROOTLESS,
        /** A privileged container; its namespace is labelled for the {@code privileged} pod security level. */
        PRIVILEGED,
        /** The sysbox runtime: no privileged flag, root only inside a user namespace. */
        SYSBOX
    }

    /** Whether rootless pods get a user namespace of their own. */
    enum UserNamespaces {
        AUTO,
        ENABLED,
        DISABLED
    }

    /** Where a sandbox's lab images come from. */
    enum ImageSource {
        BUNDLE,
        PULL
    }

    /** How a sysbox pod gets its user namespace. */
    enum SysboxUserNamespace {
        ANNOTATION,
        HOST_USERS
    }
}
