package io.labfleet.provisioner.kubernetes;

import io.fabric8.kubernetes.api.model.AppArmorProfile;
import io.fabric8.kubernetes.api.model.AppArmorProfileBuilder;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SeccompProfileBuilder;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.labfleet.config.KubernetesConfig;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * How a sandbox pod is isolated from its node, per profile, built without I/O, and the pod security level its
 * namespace must enforce to admit it (the strictest that does).
 *
 * <p>{@code rootless} runs the sandbox image's rootless dockerd as an unprivileged user: with user namespaces as
 * {@code rootless-userns} (65535), whose subordinate ids 1-65534 lie inside the 65536 ids of the pod's namespace
 * (the kubelet maps them onto a host range of the pod's own); without them as a host uid leased for the sandbox
 * ({@code labfleet.kubernetes.rootless-uid-first/-count}), with subordinate ids of its own, so that no two sandboxes
 * on a node share a host uid and its kernel limits. No privilege, every capability dropped but SETUID/SETGID (for
 * {@code newuidmap}/{@code newgidmap}, which carry them as file capabilities, hence
 * {@code allowPrivilegeEscalation: true}), seccomp through the project's profile ({@code sandbox/seccomp-rootless.json}:
 * Docker's default plus the namespace and mount calls rootlesskit makes). With user namespaces the pod also gets
 * {@code hostUsers: false} and an unmasked {@code /proc}, which nested containers need to mount their own proc.
 * All of that fits the {@code baseline} level. {@code sysbox} needs nothing beyond {@code baseline} either;
 * {@code privileged} needs {@code privileged}, as does an unconfined seccomp or AppArmor profile.
 */
final class SandboxPodSecurity {

    /** The sandbox image's plain rootless user: the uid the helper containers of root pods copy files as. */
    static final long ROOTLESS_UID = 1000;
    /**
     * The sandbox image's user for pods with a user namespace of their own ({@code rootless-userns}, see
     * sandbox/rootless-user.sh): the highest id of the pod's namespace, its subordinate ids all the others but 0.
     */
    static final long USERNS_UID = 65535;
    /** The home of {@code rootless-userns} and of the leased uids' accounts, made at the container's start. */
    static final String ROOTLESS_HOME = "/home/sandbox";
    /**
     * Where the pod mounts its emptyDir and where the sandbox image's entrypoint is told to keep the daemon's images
     * and containers ({@link #DATA_ROOT_ENV}; the rootless daemon in a folder of it), for every profile. It is also
     * the image's own {@code VOLUME}: left uncovered, a container runtime would make that volume on the node's disk.
     */
    static final String DATA_PATH = "/var/lib/docker";
    /** The sandbox image entrypoint's variable naming where the daemon's data goes (sandbox/entrypoint.sh). */
    static final String DATA_ROOT_ENV = "SANDBOX_DATA_ROOT";
    /** CRI-O's request for a user namespace, which sysbox's Kubernetes guide puts on every sysbox pod. */
    static final String CRIO_USERNS_MODE = "io.kubernetes.cri-o.userns-mode";
    static final String CRIO_USERNS_MODE_VALUE = "auto:size=65536";
    static final String UNCONFINED = "unconfined";
    static final String RUNTIME_DEFAULT = "runtime-default";
    private static final String APPARMOR_LOCALHOST = "localhost/";

    enum Level {
        BASELINE, PRIVILEGED;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final KubernetesConfig config;
    private final boolean userNamespaces;

    /** @param userNamespaces whether rootless pods get a user namespace (resolved from {@code user-namespaces}) */
    SandboxPodSecurity(KubernetesConfig config, boolean userNamespaces) {
        this.config = config;
        this.userNamespaces = userNamespaces;
    }

    /** The pod security level ({@code pod-security.kubernetes.io/enforce}) a tenant namespace needs. */
    static Level level(KubernetesConfig config) {
        return switch (config.isolation()) {
            case PRIVILEGED -> Level.PRIVILEGED;
            case SYSBOX -> Level.BASELINE;
            case ROOTLESS -> config.seccompProfile().equalsIgnoreCase(UNCONFINED)
                    || config.apparmorProfile().equalsIgnoreCase(UNCONFINED) ? Level.PRIVILEGED : Level.BASELINE;
        };
    }

    /** Whether processes in the container run as the rootless user rather than root. */
    boolean rootless() {
        return config.isolation() == KubernetesConfig.Isolation.ROOTLESS;
    }

    /** Whether the pod runs as a host uid leased for its sandbox: rootless, without a user namespace of its own. */
    boolean needsLeasedUid() {
        return rootless() && !userNamespaces;
    }

    /**
     * Applies the profile to the pod's metadata, its spec and its sandbox container (the first one).
     *
     * @param leasedUid the sandbox's host uid, given exactly when {@link #needsLeasedUid()}
     */
    void apply(ObjectMetaBuilder metadata, PodSpecBuilder pod, ContainerBuilder container, OptionalLong leasedUid) {
        if (leasedUid.isPresent() != needsLeasedUid()) {
            throw new IllegalArgumentException(needsLeasedUid()
                    ? "a rootless pod without user namespaces needs a host uid of its own"
                    : "only rootless pods without user namespaces run as a leased uid");
        }
        switch (config.isolation()) {
            case ROOTLESS -> rootless(pod, container, leasedUid.orElse(USERNS_UID));
            case PRIVILEGED -> container.withNewSecurityContext().withPrivileged(true).endSecurityContext();
            case SYSBOX -> {
                pod.withRuntimeClassName(config.sysboxRuntimeClass());
                if (config.sysboxUserNamespace() == KubernetesConfig.SysboxUserNamespace.HOST_USERS) {
                    pod.withHostUsers(false);
                } else {
                    metadata.addToAnnotations(CRIO_USERNS_MODE, CRIO_USERNS_MODE_VALUE);
                }
            }
        }
    }

    /** The security context of the pod's helper containers (the init container): nothing but reading and writing files. */
    SecurityContextBuilder helperSecurityContext() {
        SecurityContextBuilder helper = new SecurityContextBuilder()
                .withAllowPrivilegeEscalation(false)
                .withNewCapabilities().withDrop("ALL").endCapabilities()
                .withReadOnlyRootFilesystem(true);
        if (!rootless()) {
            // Root pods (privileged, sysbox) still copy files as an ordinary user.
            helper.withRunAsUser(ROOTLESS_UID).withRunAsGroup(ROOTLESS_UID).withRunAsNonRoot(true)
                    .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile();
        }
        return helper;
    }

    private void rootless(PodSpecBuilder pod, ContainerBuilder container, long uid) {
        PodSecurityContextBuilder podSecurity = new PodSecurityContextBuilder()
                .withRunAsUser(uid)
                .withRunAsGroup(uid)
                .withFsGroup(uid)
                .withRunAsNonRoot(true)
                .withSeccompProfile(seccompProfile());
        appArmorProfile(config.apparmorProfile()).ifPresent(podSecurity::withAppArmorProfile);
        pod.withSecurityContext(podSecurity.build());
        SecurityContextBuilder security = new SecurityContextBuilder()
                .withPrivileged(false)
                .withAllowPrivilegeEscalation(true)
                .withNewCapabilities().withDrop("ALL").withAdd("SETUID", "SETGID").endCapabilities();
        if (userNamespaces) {
            pod.withHostUsers(false);
            security.withProcMount("Unmasked");
        }
        container.withSecurityContext(security.build());
    }

    private SeccompProfile seccompProfile() {
        String profile = config.seccompProfile();
        return profile.equalsIgnoreCase(UNCONFINED)
                ? new SeccompProfileBuilder().withType("Unconfined").build()
                : new SeccompProfileBuilder().withType("Localhost").withLocalhostProfile(profile).build();
    }

    static Optional<AppArmorProfile> appArmorProfile(String profile) {
        if (profile.equalsIgnoreCase(RUNTIME_DEFAULT)) {
            return Optional.empty();
        }
        if (profile.equalsIgnoreCase(UNCONFINED)) {
            return Optional.of(new AppArmorProfileBuilder().withType("Unconfined").build());
        }
        if (profile.startsWith(APPARMOR_LOCALHOST) && profile.length() > APPARMOR_LOCALHOST.length()) {
            return Optional.of(new AppArmorProfileBuilder().withType("Localhost")
                    .withLocalhostProfile(profile.substring(APPARMOR_LOCALHOST.length())).build());
        }
        throw new IllegalArgumentException("labfleet.kubernetes.apparmor-profile is '" + profile
                + "'; use runtime-default, unconfined or localhost/<profile>");
    }
}
