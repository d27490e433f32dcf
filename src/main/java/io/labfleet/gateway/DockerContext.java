package io.labfleet.gateway;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The remote Docker context of one sandbox, in the forms a learner uses it: the {@code docker context create}
 * command, an {@code ~/.ssh/config} block, the {@code known_hosts} line of the gateway, and an archive for
 * {@code docker context import}. Pure: built from the sandbox and the gateway's public address and key.
 *
 * @param name          context name, also the ssh Host alias: the sandbox id
 * @param description   what {@code docker context ls} shows
 * @param host          the docker endpoint, {@code ssh://<sandbox>@<host>:<port>}
 * @param createCommand the exact {@code docker context create} command
 * @param sshConfig     {@code ~/.ssh/config} text: one {@code Match} block for the gateway, the same for every sandbox
 *                      on it, and a small alias for this sandbox (see {@link #sshConfig(String, String, int)})
 * @param knownHosts    the gateway's host key as a {@code known_hosts} line
 */
public record DockerContext(String name, String description, String host, String createCommand, String sshConfig,
                            String knownHosts) {

    /** Where learners usually keep the key they registered; they change it in the ssh config block if not. */
    static final String DEFAULT_IDENTITY = "~/.ssh/id_ed25519";

    public static DockerContext of(String sandboxId, String labId, String publicHost, int publicPort, String hostKeyLine) {
        String host = "ssh://" + sandboxId + "@" + publicHost + ":" + publicPort;
        String description = "Labfleet sandbox " + sandboxId + " (lab " + labId + ")";
        String createCommand = "docker context create " + sandboxId + " --description \"" + description
                + "\" --docker \"host=" + host + "\"";
        return new DockerContext(sandboxId, description, host, createCommand, sshConfig(sandboxId, publicHost, publicPort),
                knownHostsPattern(publicHost, publicPort) + " " + hostKeyLine);
    }

    /**
     * The gateway's block matches only connections to its host as a sandbox's user ({@code sb-*}), so a plain
     * {@code ssh <gateway-host>} is left alone; it is the same text for every sandbox (ten sandboxes later, one such
     * block is enough, and repeating it changes nothing: ssh keeps the first value). {@code final} makes ssh read it
     * once more after the alias set the host name, so it applies to {@code ssh <sandbox>} wherever the alias is in
     * the file, and to what {@code docker} runs for the context ({@code ssh -l <sandbox> -p <port> <host>}).
     * Its {@code Control*} lines make one connection per sandbox ({@code %C} hashes host, port and user) carry
     * every docker command: the first logs in, the next ones open a channel on it (no handshake), until it has been
     * unused for 10 minutes.
     */
    static String sshConfig(String sandboxId, String publicHost, int publicPort) {
        return "Match final host " + publicHost + " user sb-*\n"
                + "    Port " + publicPort + "\n"
                + "    IdentityFile " + DEFAULT_IDENTITY + "\n"
                + "    IdentitiesOnly yes\n"
                + "    ControlMaster auto\n"
                + "    ControlPath ~/.ssh/labfleet-%C\n"
                + "    ControlPersist 10m\n"
                + "Host " + sandboxId + "\n"
                + "    HostName " + publicHost + "\n"
                + "    User " + sandboxId + "\n";
    }

    /** OpenSSH writes the host alone for port 22 and {@code [host]:port} otherwise. */
    static String knownHostsPattern(String host, int port) {
        return port == 22 ? host : "[" + host + "]:" + port;
    }

    /**
     * The archive {@code docker context export} writes and {@code docker context import NAME FILE} reads: a tar
     * with {@code meta.json} (the context's metadata; the import renames it to NAME) and an empty {@code tls}
     * folder, since an ssh endpoint has no TLS material. The CLI's store keeps it under
     * {@code meta/<sha256 of the name>/meta.json}, but that is its own layout, not the exchange format.
     */
    public byte[] exportArchive() {
        String meta = "{\"Name\":" + json(name) + ",\"Metadata\":{\"Description\":" + json(description) + "},"
                + "\"Endpoints\":{\"docker\":{\"Host\":" + json(host) + ",\"SkipTLSVerify\":false}}}";
        ByteArrayOutputStream archive = new ByteArrayOutputStream();
        TarArchive.writeFile(archive, "meta.json", meta.getBytes(StandardCharsets.UTF_8), 0644);
        TarArchive.writeDirectory(archive, "tls", 0700);
        TarArchive.finish(archive);
        return archive.toByteArray();
    }

    private static String json(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }
}
