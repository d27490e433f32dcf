package io.labfleet.provisioner.docker;

import io.labfleet.config.DockerConfig;

import java.util.Optional;
import java.util.regex.Pattern;

/** What every sandbox of one installation shares: its owner label, its image, its daemon's settings. */
public record SandboxTemplate(String installation, String image, Optional<String> registryMirror,
                              boolean outboundNetwork) {

    private static final Pattern DOCKER_NAME_PART = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}");

    public SandboxTemplate {
        if (!DOCKER_NAME_PART.matcher(installation).matches()) {
            throw new IllegalArgumentException("labfleet.docker.installation=" + installation
                    + " must be 1-63 letters, digits, '.', '_' or '-', starting with a letter or digit:"
                    + " it becomes part of Docker object names.");
        }
    }

    public static SandboxTemplate from(DockerConfig config) {
        return new SandboxTemplate(config.installation(), config.image(), config.registryMirror(),
                config.outboundNetwork());
    }
}
