package io.labfleet.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A learner's terminal in a throwaway home: their own ~/.ssh (config, known_hosts, and their key where the API's
 * ssh config block expects it, ~/.ssh/id_ed25519) and ~/.docker. OpenSSH reads ~/.ssh from the passwd entry, not
 * from $HOME, and the docker CLI runs whatever {@code ssh} is first on the PATH, so an {@code ssh} in the home's
 * bin/ adds {@code -F ~/.ssh/config}: the real ssh and docker CLIs then see exactly what a learner's laptop would
 * have.
 */
public final class LearnerTerminal implements AutoCloseable {

    /** The start of the handed-out ControlPath's file name. */
    private static final String CONTROL_SOCKETS = "labfleet-";

    private final Path home;
    /**
     * Where ssh keeps its shared connections' sockets: a short path, since a socket's path may not exceed 107
     * bytes and ssh adds 17 to the 49 of {@code labfleet-%C} while it creates one (a temporary home is too long).
     */
    private final Path sockets;

    private LearnerTerminal(Path home, Path sockets) {
        this.home = home;
        this.sockets = sockets;
    }

    /** A fresh home holding {@code key} (a private key file) as the learner's ~/.ssh/id_ed25519. */
    public static LearnerTerminal withKey(Path key) {
        try {
            Path home = Files.createTempDirectory("labfleet-learner");
            Path ssh = Files.createDirectories(home.resolve(".ssh"));
            Files.writeString(Files.createDirectories(home.resolve(".docker")).resolve("config.json"), "{}\n");
            Path bin = Files.createDirectories(home.resolve("bin"));
            Path wrapper = bin.resolve("ssh");
            Files.writeString(wrapper, "#!/bin/sh\nexec /usr/bin/ssh -F \"" + ssh.resolve("config") + "\" \"$@\"\n");
            Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.writeString(ssh.resolve("known_hosts"), "");
            Files.writeString(ssh.resolve("config"), "");
            Path own = Files.copy(key, ssh.resolve("id_ed25519"));
            Files.setPosixFilePermissions(own, PosixFilePermissions.fromString("rw-------"));
            return new LearnerTerminal(home, Files.createTempDirectory(Path.of("/tmp"), "lf"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Adds the gateway's known_hosts line, as the learner pastes it. */
    public LearnerTerminal trust(String knownHostsLine) {
        append(home.resolve(".ssh/known_hosts"), knownHostsLine + "\n");
        return this;
    }

    /**
     * Writes ~/.ssh/config: the block the API handed out, as handed out (its {@code ~} is this home, which OpenSSH
     * would take from the passwd entry), then what a learner's laptop has apart from it: host keys checked
     * against ~/.ssh/known_hosts only, and no prompts. Nothing here names the key or the gateway: the block must.
     * Only its shared connections' sockets are kept in a short folder of this terminal.
     */
    public LearnerTerminal configureSsh(String block) {
        String edited = block.replace("~/.ssh/" + CONTROL_SOCKETS, sockets.resolve(CONTROL_SOCKETS).toString())
                .replace("~/", home + "/");
        append(home.resolve(".ssh/config"), edited + "\nHost *\n"
                + "    UserKnownHostsFile " + home.resolve(".ssh/known_hosts") + "\n"
                + "    GlobalKnownHostsFile /dev/null\n"
                + "    StrictHostKeyChecking yes\n"
                + "    BatchMode yes\n");
        return this;
    }

    public Path home() {
        return home;
    }

    public Path file(String name) {
        return home.resolve(name);
    }

    public Map<String, String> environment() {
        return Map.of("HOME", home.toString(), "DOCKER_CONFIG", home.resolve(".docker").toString(),
                "PATH", home.resolve("bin") + ":" + System.getenv("PATH"));
    }

    public Processes.Result docker(String... arguments) {
        return run(prepend("docker", arguments));
    }

    /** Runs docker with the given bytes on its standard input, closed after them (as a pipe into docker would). */
    public Processes.Result dockerWithInput(byte[] input, String... arguments) {
        return Processes.run(prepend("docker", arguments), environment(), Duration.ofMinutes(2), input);
    }

    public Processes.Result ssh(String... arguments) {
        return run(prepend("ssh", arguments));
    }

    /** Runs ssh with the given bytes on its standard input, closed after them ({@code ssh host 'cat > f' < file}). */
    public Processes.Result sshWithInput(byte[] input, String... arguments) {
        return Processes.run(prepend("ssh", arguments), environment(), Duration.ofMinutes(2), input);
    }

    /** Runs a command line in this terminal's shell (e.g. the createCommand the API returned). */
    public Processes.Result shell(String commandLine) {
        return run(List.of("sh", "-c", commandLine));
    }

    public Processes.Result run(List<String> command) {
        return Processes.run(command, environment(), Duration.ofMinutes(2));
    }

    public Process sshInBackground(String... arguments) {
        return Processes.start(prepend("ssh", arguments), environment());
    }

    /** Java looks programs up on its own PATH, not the child's: this home's bin/ is searched first here. */
    private List<String> prepend(String program, String... arguments) {
        Path own = home.resolve("bin").resolve(program);
        List<String> command = new ArrayList<>(List.of(Files.isExecutable(own) ? own.toString() : program));
        command.addAll(List.of(arguments));
        return command;
    }

    private static void append(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The connections ssh keeps open for reuse (ControlMaster), one socket each. */
    public List<Path> sharedConnections() {
        try (Stream<Path> files = Files.list(sockets)) {
            return files.filter(file -> file.getFileName().toString().startsWith(CONTROL_SOCKETS)).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Ends the connections kept open for reuse, as {@code ssh -O exit} does, so none outlives the terminal. */
    public void closeSharedConnections() {
        sharedConnections().forEach(socket -> Processes.run(List.of("/usr/bin/ssh", "-S", socket.toString(), "-O",
                "exit", "labfleet"), environment(), Duration.ofSeconds(20)));
    }

    @Override
    public void close() {
        closeSharedConnections();
        Folders.deleteTree(home);
        Folders.deleteTree(sockets);
    }
}
