package io.labfleet.provisioner.docker;

import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Device;
import io.labfleet.provisioner.leases.RootlessUidPool;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/** The rights a sandbox container gets so that the dockerd inside it can run containers of its own. */
public enum IsolationProfile {

    /**
     * The default. The container runs as a host uid of its own ({@link RootlessUidPool}, one of the image's
     * unprivileged users) with no capability but SETUID/SETGID (for newuidmap/newgidmap, which map the nested
     * containers' ids onto the subordinate ids the image gives that uid), under a seccomp profile that refuses the
     * calls reaching the host kernel (file handles, modules, keyring, clocks, BPF, io_uring, ...), and its dockerd
     * runs in a user namespace of its own: root in a learner's container is the sandbox's uid, and nothing in it
     * is ever uid 0 of the host, nor a uid of another sandbox. {@code /proc} is left unmasked because every nested container mounts a new proc,
     * which the kernel allows only where no part of {@code /proc} is hidden; the paths masking protects are
     * root-owned and refused to uid 1000 anyway. {@code /dev/net/tun} is for slirp4netns, the daemon's network.
     */
    ROOTLESS(Optional.empty()) {
        @Override
        void applyTo(SandboxHostConfig host, String seccompProfile) {
            host.withCapDrop(Capability.ALL)
                    .withCapAdd(Capability.SETUID, Capability.SETGID)
                    .withSecurityOpts(List.of("seccomp=" + seccompProfile, "apparmor=unconfined"))
                    .withDevices(List.of(new Device("rwm", TUN_DEVICE, TUN_DEVICE)));
            host.withMaskedPaths(List.of()).withReadonlyPaths(List.of());
        }

        @Override
        boolean runsAsItsOwnUid() {
            return true;
        }

        /** The container's own user: the shell runs as the sandbox's uid, whichever it got. */
        @Override
        ShellAccount shellAccount() {
            return new ShellAccount(Optional.empty(), SANDBOX_HOME,
                    List.of("DOCKER_HOST=unix://" + SANDBOX_HOME + "/.run/docker.sock"));
        }
    },

    /** {@code --privileged}: what ordinary hosts and the official docker:dind image use. */
    PRIVILEGED(Optional.of("a learner's nested `docker run --privileged` container can mount the host's disks"
            + " and load kernel modules: a learner is root on the host")) {
        @Override
        void applyTo(SandboxHostConfig host, String seccompProfile) {
            host.withPrivileged(true);
        }
    },

    /**
     * For hosts where {@code --privileged} fails (a bounding set without CAP_SYS_RESOURCE, as in some VMs):
     * every other capability, no seccomp or AppArmor confinement, access to devices, and a private cgroup
     * namespace whose hierarchies the sandbox entrypoint remounts writable.
     */
    UNPRIVILEGED(Optional.of("the sandbox holds almost every capability without seccomp: a learner can read and"
            + " write the host's files through open_by_handle_at and reach its devices")) {
        @Override
        void applyTo(SandboxHostConfig host, String seccompProfile) {
            host.withCapAdd(Capability.ALL)
                    .withCapDrop(Capability.SYS_RESOURCE)
                    .withSecurityOpts(List.of("seccomp=unconfined", "apparmor=unconfined"))
                    .withDeviceCgroupRules(List.of("a *:* rwm"))
                    .withCgroupnsMode("private");
        }
    },

    /** The sysbox-runc runtime gives a nested dockerd what it needs without any extra right on the host. */
    SYSBOX(Optional.of("isolation then rests on the sysbox-runc runtime installed on the host")) {
        @Override
        void applyTo(SandboxHostConfig host, String seccompProfile) {
            host.withRuntime(SYSBOX_RUNTIME);
        }
    };

    /** The runtime name sysbox registers with dockerd. */
    public static final String SYSBOX_RUNTIME = "sysbox-runc";
    /** The home of every sandbox uid's account in the sandbox image (sandbox/rootless-user.sh). */
    static final String SANDBOX_HOME = "/home/sandbox";
    static final String TUN_DEVICE = "/dev/net/tun";
    private static final ShellAccount ROOT = new ShellAccount(Optional.of("root"), "/root", List.of());

    private final Optional<String> risk;

    IsolationProfile(Optional<String> risk) {
        this.risk = risk;
    }

    /**
     * Gives the sandbox container the profile's rights.
     *
     * @param seccompProfile the JSON of sandbox/seccomp-rootless.json, for profiles that use it
     */
    abstract void applyTo(SandboxHostConfig host, String seccompProfile);

    /** Whether each sandbox container runs as a host uid of its own ({@link RootlessUidPool}) rather than as root. */
    boolean runsAsItsOwnUid() {
        return false;
    }

    /**
     * The user the sandbox container runs as: {@code uid:uid} for a profile that runs as its own uid, empty for the
     * image's (root).
     *
     * @param uid the sandbox's leased uid: given exactly when {@link #runsAsItsOwnUid()}
     */
    Optional<String> containerUser(OptionalInt uid) {
        if (uid.isPresent() != runsAsItsOwnUid()) {
            throw new IllegalArgumentException("The " + configName() + " profile runs sandboxes as "
                    + (runsAsItsOwnUid() ? "a uid of their own, which is missing" : "root, not as uid " + uid));
        }
        return uid.isPresent() ? Optional.of(uid.getAsInt() + ":" + uid.getAsInt()) : Optional.empty();
    }

    /** Who a learner's shell in the sandbox ({@code ssh <sandbox>}) runs as, where, with what environment. */
    ShellAccount shellAccount() {
        return ROOT;
    }

    /** What a learner can do to the host under this profile, for the start-up warning; empty when nothing. */
    public Optional<String> risk() {
        return risk;
    }

    /** The value of {@code labfleet.docker.isolation} that selects this profile. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @throws IllegalArgumentException naming the accepted values when {@code value} is none of them
     */
    public static IsolationProfile fromConfig(String value) {
        return Arrays.stream(values())
                .filter(profile -> profile.configName().equals(value.trim().toLowerCase(Locale.ROOT)))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("labfleet.docker.isolation=" + value
                        + " is not one of auto, rootless, privileged, unprivileged, sysbox."));
    }

    /**
     * A shell's account in the sandbox container.
     *
     * @param user the {@code docker exec --user} value; empty for the container's own user
     * @param home its home and working directory
     * @param env  what its environment adds, e.g. where its Docker daemon listens
     */
    record ShellAccount(Optional<String> user, String home, List<String> env) {
    }
}
