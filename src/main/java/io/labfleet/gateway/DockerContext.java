package io.labfleet.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.labfleet.commons.TarEntries;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

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

    private static final ObjectMapper JSON = new ObjectMapper();

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
     * unused for 10 minutes. Windows' own OpenSSH has no {@code ControlMaster} (every connection then fails), which
     * the block says in a comment; the labfleet CLI leaves those lines out there.
     */
    static String sshConfig(String sandboxId, String publicHost, int publicPort) {
        return "Match final host " + publicHost + " user sb-*\n"
                + "    Port " + publicPort + "\n"
                + "    IdentityFile " + DEFAULT_IDENTITY + "\n"
                + "    IdentitiesOnly yes\n"
                + "    # Windows' own ssh cannot share a connection: leave out the three Control lines there\n"
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
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("Name", name);
        meta.put("Metadata", Map.of("Description", description));
        meta.put("Endpoints", Map.of("docker", orderedMap("Host", host, "SkipTLSVerify", false)));
        ByteArrayOutputStream archive = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(archive)) {
            byte[] json = JSON.writeValueAsBytes(meta);
            tar.putArchiveEntry(TarEntries.anonymous("meta.json", 0100644, json.length));
            tar.write(json);
            tar.closeArchiveEntry();
            tar.putArchiveEntry(TarEntries.anonymous("tls/", 040700, 0));
            tar.closeArchiveEntry();
        } catch (IOException e) {
            throw new UncheckedIOException("writing a context archive in memory", e);
        }
        return archive.toByteArray();
    }

    private static Map<String, Object> orderedMap(String k1, Object v1, String k2, Object v2) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(k1, v1);
        map.put(k2, v2);
        return map;
    }
}
