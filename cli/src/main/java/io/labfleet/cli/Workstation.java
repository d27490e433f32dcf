package io.labfleet.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * What {@code start} sets up on the learner's computer and {@code stop} takes away: the SSH key, the gateway's
 * {@code known_hosts} line, the managed block of {@code ~/.ssh/config}, and the docker context.
 */
final class Workstation {

    static final String DEFAULT_KEY = "id_ed25519";
    static final String OWN_KEY = "labfleet_ed25519";

    /** A key pair: the private key's file and the public key's text. */
    record SshKey(Path privateKey, String publicKey) {
    }

    private final Terminal terminal;
    private final LocalTools tools;

    Workstation(Terminal terminal, LocalTools tools) {
        this.terminal = terminal;
        this.tools = tools;
    }

    /** The learner's {@code ~/.ssh/id_ed25519}, or else a key of labfleet's own, made the first time. */
    SshKey key() {
        Path ssh = sshDirectory();
        for (String name : new String[]{DEFAULT_KEY, OWN_KEY}) {
            Path key = ssh.resolve(name);
            Path pub = ssh.resolve(name + ".pub");
            if (Files.isRegularFile(key) && Files.isRegularFile(pub)) {
                return new SshKey(key, read(pub).strip());
            }
        }
        Path key = ssh.resolve(OWN_KEY);
        LocalTools.Outcome made = tools.run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "labfleet",
                "-f", key.toString());
        if (!made.ok()) {
            throw CliException.local("ssh-keygen could not make " + key + ": " + made.why());
        }
        terminal.out().println("Made an SSH key for your sandboxes: " + key);
        return new SshKey(key, read(ssh.resolve(OWN_KEY + ".pub")).strip());
    }

    void trustGateway(String knownHostsLine) {
        edit(sshDirectory().resolve("known_hosts"), text -> KnownHosts.withLine(text, bytes(knownHostsLine)));
    }

    void addSshBlock(String sandboxId, String serviceConfig, Path identity) {
        String block = bytes(SshConfigFile.block(sandboxId,
                SshConfigFile.forOperatingSystem(serviceConfig, System.getProperty("os.name")), identity));
        edit(sshDirectory().resolve("config"), text -> SshConfigFile.withBlock(text, sandboxId, block));
    }

    boolean removeSshBlock(String sandboxId) {
        Path config = terminal.sshDirectory().resolve("config");
        if (!Files.isRegularFile(config) || !SshConfigFile.hasBlock(latin1(config), sandboxId)) {
            return false;
        }
        edit(config, text -> SshConfigFile.withoutBlock(text, sandboxId));
        return true;
    }

    /** Creates (or makes anew) the docker context, and makes it the current one when asked. */
    void createContext(String name, String description, String host, boolean use) {
        removeContext(name);
        LocalTools.Outcome created = tools.run("docker", "context", "create", name, "--description", description,
                "--docker", "host=" + host);
        if (!created.ok()) {
            throw CliException.local("docker could not create the context " + name + ": " + created.why());
        }
        if (use) {
            LocalTools.Outcome used = tools.run("docker", "context", "use", name);
            if (!used.ok()) {
                throw CliException.local("docker could not switch to the context " + name + ": " + used.why());
            }
        }
    }

    /** Removes the docker context if it is there (docker then goes back to its default context). */
    boolean removeContext(String name) {
        if (!tools.run("docker", "context", "inspect", name).ok()) {
            return false;
        }
        LocalTools.Outcome removed = tools.run("docker", "context", "rm", "--force", name);
        if (!removed.ok()) {
            throw CliException.local("docker could not remove the context " + name + ": " + removed.why());
        }
        return true;
    }

    private Path sshDirectory() {
        Path ssh = terminal.sshDirectory();
        try {
            if (!Files.isDirectory(ssh)) {
                Files.createDirectories(ssh, ConfigStore.permissions("rwx------"));
            }
        } catch (IOException e) {
            throw CliException.local("Cannot make " + ssh + ": " + e.getMessage());
        }
        return ssh;
    }

    /**
     * Rewrites a file in place, so that its owner, mode and any symbolic link to it (dotfile managers) stay; a new
     * file is readable by its owner only, as ssh wants. The text is the file's bytes one for one (ISO-8859-1), so
     * whatever encoding the learner's lines are in, they are written back unchanged.
     */
    private static void edit(Path file, UnaryOperator<String> change) {
        try {
            if (!Files.exists(file)) {
                Files.createFile(file, ConfigStore.permissions("rw-------"));
            }
            String before = Files.readString(file, StandardCharsets.ISO_8859_1);
            String after = change.apply(before);
            if (!after.equals(before)) {
                Files.writeString(file, after, StandardCharsets.ISO_8859_1);
            }
        } catch (IOException e) {
            throw CliException.local("Cannot write " + file + ": " + e.getMessage());
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw CliException.local("Cannot read " + file + ": " + e.getMessage());
        }
    }

    /** Text of ours as the bytes UTF-8 makes of it, to sit among the file's bytes ({@link #edit}). */
    private static String bytes(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    private static String latin1(Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw CliException.local("Cannot read " + file + ": " + e.getMessage());
        }
    }
}
