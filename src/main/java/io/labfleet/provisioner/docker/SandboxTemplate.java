package io.labfleet.provisioner.docker;

import io.labfleet.config.DockerConfig;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What every sandbox of one installation shares: its owner label, its image, its daemon's settings (registry
 * mirror, name servers), its container's log rotation, and the seccomp profile of the rootless isolation.
 */
public record SandboxTemplate(String installation, String image, Optional<String> registryMirror,
                              boolean outboundNetwork, List<String> dns, String logMaxSize, int logMaxFiles,
                              String seccompProfile) {

    /** The seccomp profile of rootless sandboxes, shipped as sandbox/seccomp-rootless.json. */
    static final String SECCOMP_RESOURCE = "sandbox/seccomp-rootless.json";
    private static final Pattern DOCKER_NAME_PART = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}");

    public SandboxTemplate {
        if (!DOCKER_NAME_PART.matcher(installation).matches()) {
            throw new IllegalArgumentException("labfleet.docker.installation=" + installation
                    + " must be 1-63 letters, digits, '.', '_' or '-', starting with a letter or digit:"
                    + " it becomes part of Docker object names.");
        }
        dns = List.copyOf(dns);
    }

    public static SandboxTemplate from(DockerConfig config) {
        return new SandboxTemplate(config.installation(), config.image(), config.registryMirror(),
                config.outboundNetwork(), SandboxResolvers.of(config),
                config.logMaxSize(), config.logMaxFiles(), loadSeccompProfile());
    }

    /** The JSON of sandbox/seccomp-rootless.json, as the service's build packed it. */
    static String loadSeccompProfile() {
        try (InputStream in = SandboxTemplate.class.getClassLoader().getResourceAsStream(SECCOMP_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(SECCOMP_RESOURCE + " is not on the class path: the build packs it");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
