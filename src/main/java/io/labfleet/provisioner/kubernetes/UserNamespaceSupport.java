package io.labfleet.provisioner.kubernetes;

import io.fabric8.kubernetes.client.VersionInfo;

/**
 * Whether a cluster can give pods user namespaces ({@code hostUsers: false}), as far as the API server tells:
 * Kubernetes 1.33 turned them on by default. The nodes must also run containerd 2.0+ or CRI-O with idmapped
 * mounts, which the service cannot see without reading nodes (a cluster-wide right it does not take); operators
 * of older nodes set {@code labfleet.kubernetes.user-namespaces=disabled}.
 */
final class UserNamespaceSupport {

    static final int FIRST_MINOR = 33;

    private UserNamespaceSupport() {
    }

    static boolean apiServerHasThem(VersionInfo version) {
        if (version == null) {
            return false;
        }
        int major = leadingNumber(version.getMajor());
        int minor = leadingNumber(version.getMinor());
        return major > 1 || (major == 1 && minor >= FIRST_MINOR);
    }

    /** Managed clusters report minors such as {@code 33+}. */
    private static int leadingNumber(String text) {
        if (text == null) {
            return 0;
        }
        String digits = text.replaceAll("^(\\d*).*$", "$1");
        return digits.isEmpty() ? 0 : Integer.parseInt(digits);
    }
}
