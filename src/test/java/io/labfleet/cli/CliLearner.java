package io.labfleet.cli;

import io.labfleet.support.Folders;
import io.labfleet.support.Processes;
import io.restassured.RestAssured;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A learner's laptop for the CLI suites, in a throwaway home: they download {@code labfleet} from the running
 * service (as the README tells them) into {@code ~/bin}, and run it, their own docker CLI and ssh, with this
 * home's {@code ~/.ssh}, {@code ~/.docker} ({@code DOCKER_CONFIG}) and {@code ~/.config}. OpenSSH reads
 * {@code ~/.ssh} from the passwd entry, not from {@code $HOME}, so an {@code ssh} in {@code ~/bin} points it at
 * this home's config and known_hosts, strictly: what the CLI wrote there is all ssh and docker get to see. Nothing
 * of this machine's real {@code ~/.ssh} or {@code ~/.docker} is read or written.
 */
final class CliLearner implements AutoCloseable {

    private final Path home;
    /**
     * Where ssh keeps the connections the CLI's ssh block shares (ControlMaster): ssh expands the block's
     * {@code ~/.ssh/labfleet-%C} from the passwd entry, which would be this machine's real home (where ~/.ssh may
     * not even exist), so the ssh of {@code ~/bin} points it here; a short path (a socket's may not exceed 107 bytes).
     */
    private final Path sockets;
    private final Path workingDirectory;

    private CliLearner(Path home, Path sockets) {
        this.home = home;
        this.sockets = sockets;
        this.workingDirectory = home.resolve("cours");
    }

    /** A fresh home with the CLI the service at {@code RestAssured}'s address serves. */
    static CliLearner withCliFromTheService() {
        try {
            Path home = Files.createTempDirectory("labfleet-cli-learner");
            Path bin = Files.createDirectories(home.resolve("bin"));
            Files.createDirectories(home.resolve("cours"));
            Files.createDirectories(home.resolve(".docker"));
            download("/cli/labfleet.jar", bin.resolve("labfleet.jar"));
            download("/cli/labfleet", bin.resolve("labfleet"));
            Path ssh = home.resolve(".ssh");
            Path sockets = Files.createTempDirectory(Path.of("/tmp"), "lfc");
            executable(bin.resolve("labfleet"));
            Files.writeString(bin.resolve("ssh"), "#!/bin/sh\nexec /usr/bin/ssh -F \"" + ssh.resolve("config")
                    + "\" -o UserKnownHostsFile=\"" + ssh.resolve("known_hosts") + "\" -o GlobalKnownHostsFile=/dev/null"
                    + " -o StrictHostKeyChecking=yes -o BatchMode=yes -o ControlPath=\"" + sockets.resolve("%C")
                    + "\" \"$@\"\n");
            executable(bin.resolve("ssh"));
            return new CliLearner(home, sockets);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void download(String path, Path file) throws IOException {
        var answer = RestAssured.get(path).then().extract();
        if (answer.statusCode() != 200) {
            throw new AssertionError("The service does not serve " + path + " (HTTP " + answer.statusCode()
                    + "): build the CLI first, ./mvnw -f cli/pom.xml package, as .ci/run does");
        }
        Files.write(file, answer.asByteArray());
    }

    private static void executable(Path file) throws IOException {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    Path home() {
        return home;
    }

    /** Where the learner types their commands (labfleet start puts the lab's files below it). */
    Path workingDirectory() {
        return workingDirectory;
    }

    Map<String, String> environment() {
        Map<String, String> environment = new HashMap<>();
        environment.put("HOME", home.toString());
        environment.put("DOCKER_CONFIG", home.resolve(".docker").toString());
        environment.put("PATH", home.resolve("bin") + ":" + System.getenv("PATH"));
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        environment.put("LANG", "en_US.UTF-8");
        return environment;
    }

    Processes.Result labfleet(String... arguments) {
        return labfleetWithInput(null, arguments);
    }

    Processes.Result labfleetWithInput(String stdin, String... arguments) {
        return run(stdin, prepend(home.resolve("bin/labfleet").toString(), arguments));
    }

    /** Starts labfleet without waiting (a login that waits for the browser). */
    Process labfleetInBackground(String... arguments) {
        ProcessBuilder builder = new ProcessBuilder(prepend(home.resolve("bin/labfleet").toString(), arguments))
                .directory(workingDirectory.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment());
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Processes.Result docker(String... arguments) {
        return run(null, prepend("docker", arguments));
    }

    /** A shell command line in the working directory, e.g. a lab's solution. */
    Processes.Result shell(Path folder, String commandLine) {
        return Processes.run(List.of("sh", "-c", "cd \"" + folder + "\" && " + commandLine), environment(),
                Duration.ofMinutes(3));
    }

    Path file(String name) {
        return home.resolve(name);
    }

    byte[] bytes(String name) {
        try {
            return Files.readAllBytes(home.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String read(String name) {
        try {
            return Files.readString(home.resolve(name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Processes.Result run(String stdin, List<String> command) {
        List<String> inFolder = List.of("sh", "-c", "cd \"$0\" && exec \"$@\"", workingDirectory.toString());
        List<String> full = new ArrayList<>(inFolder);
        full.addAll(command);
        return Processes.run(full, environment(), Duration.ofMinutes(5),
                stdin == null ? null : stdin.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> prepend(String program, String... arguments) {
        List<String> command = new ArrayList<>(List.of(program));
        command.addAll(List.of(arguments));
        return command;
    }

    /** Ends the connections ssh kept open for reuse (as {@code ssh -O exit}), then removes the home. */
    @Override
    public void close() {
        try (Stream<Path> shared = Files.list(sockets)) {
            shared.toList().forEach(socket -> Processes.run(List.of("/usr/bin/ssh", "-S", socket.toString(), "-O",
                    "exit", "labfleet"), Map.of(), Duration.ofSeconds(20)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Folders.deleteTree(sockets);
        Folders.deleteTree(home);
    }
}
