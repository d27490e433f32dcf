package io.labfleet.provisioner.docker;

import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The rights a sandbox container gets so that the dockerd inside it can run containers of its own. */
public enum IsolationProfile {

    /** {@code --privileged}: what ordinary hosts and the official docker:dind image use. */
    PRIVILEGED {
        @Override
        void applyTo(HostConfig host) {
            host.withPrivileged(true);
        }
    },

    /**
     * For hosts where {@code --privileged} fails (a bounding set without CAP_SYS_RESOURCE, as in some VMs):
     * every other capability, no seccomp or AppArmor confinement, access to devices, and a private cgroup
     * namespace whose hierarchies the sandbox entrypoint remounts writable. The kernel's masked and read-only
     * /proc paths stay as they are: the nested dockerd does not need them.
     */
    UNPRIVILEGED {
        @Override
        void applyTo(HostConfig host) {
            host.withCapAdd(Capability.ALL)
                    .withCapDrop(Capability.SYS_RESOURCE)
                    .withSecurityOpts(List.of("seccomp=unconfined", "apparmor=unconfined"))
                    .withDeviceCgroupRules(List.of("a *:* rwm"))
                    .withCgroupnsMode("private");
        }
    },

    /** The sysbox-runc runtime gives a nested dockerd what it needs without any extra right on the host. */
    SYSBOX {
        @Override
        void applyTo(HostConfig host) {
            host.withRuntime(SYSBOX_RUNTIME);
        }
    };

    /** The runtime name sysbox registers with dockerd. */
    public static final String SYSBOX_RUNTIME = "sysbox-runc";

    abstract void applyTo(HostConfig host);

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
                        + " is not one of auto, privileged, unprivileged, sysbox."));
    }
}
