package io.labfleet.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The learner's own tools, run as they would run them: {@code docker}, {@code ssh}, {@code ssh-keygen} from their
 * PATH, with their environment ({@code DOCKER_CONFIG}, {@code HOME}...).
 */
final class LocalTools {

    /** What a tool printed and how it ended. */
    record Outcome(int exitCode, String output) {

        boolean ok() {
            return exitCode == 0;
        }

        /** The tool's last line, to tell the learner why it failed. */
        String why() {
            String[] lines = output.strip().split("\\R");
            return lines.length == 0 || lines[lines.length - 1].isBlank() ? "exit status " + exitCode : lines[lines.length - 1];
        }
    }

    private final Terminal terminal;

    LocalTools(Terminal terminal) {
        this.terminal = terminal;
    }

    /** Runs a tool to its end (at most two minutes), its output captured. */
    Outcome run(String... command) {
        ProcessBuilder builder = new ProcessBuilder(resolve(command)).redirectErrorStream(true)
                .directory(terminal.workingDirectory().toFile());
        builder.environment().clear();
        builder.environment().putAll(terminal.environment());
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw CliException.local(command[0] + " did not finish within 2 minutes: " + String.join(" ", command));
            }
            return new Outcome(process.exitValue(), output.join());
        } catch (IOException e) {
            throw missing(command[0], e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliException.local("Interrupted while running " + command[0]);
        }
    }

    /** Runs a tool on the learner's terminal (an interactive ssh session) and returns its exit status. */
    int attach(String... command) {
        ProcessBuilder builder = new ProcessBuilder(resolve(command)).inheritIO().directory(terminal.workingDirectory().toFile());
        builder.environment().clear();
        builder.environment().putAll(terminal.environment());
        try {
            return builder.start().waitFor();
        } catch (IOException e) {
            throw missing(command[0], e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCode.LOCAL;
        }
    }

    /** Java looks a program up on its own PATH, not the learner's: look it up on the learner's. */
    private List<String> resolve(String... command) {
        List<String> resolved = new ArrayList<>(List.of(command));
        String path = terminal.environment().get("PATH");
        if (path != null && !command[0].contains("/")) {
            for (String folder : path.split(java.io.File.pathSeparator)) {
                Path candidate = Path.of(folder.isEmpty() ? "." : folder, command[0]);
                if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
                    resolved.set(0, candidate.toString());
                    break;
                }
            }
        }
        return resolved;
    }

    private static CliException missing(String program, IOException e) {
        String install = switch (program) {
            case "docker" -> "install the Docker CLI (Docker Desktop, or your system's docker package)";
            case "ssh", "ssh-keygen" -> "install OpenSSH's client (openssh-client)";
            default -> "install it";
        };
        return new CliException(ExitCode.LOCAL, "Cannot run " + program + " (" + e.getMessage() + "): " + install + ".", e);
    }
}
