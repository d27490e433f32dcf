package io.labfleet.validation;

import io.labfleet.support.HostDocker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The real {@code docker} CLI (and {@code sh}) pointed at one sandbox's daemon with {@code DOCKER_HOST}, as a
 * learner's terminal is through their context. A configuration folder of its own keeps the machine's contexts
 * out of the way; the classic builder is used, as the Compose and Docker versions of this machine need.
 */
public final class SandboxShell {

    private final Map<String, String> environment;

    public SandboxShell(String host, int port) {
        try {
            this.environment = Map.of("DOCKER_HOST", "tcp://" + host + ":" + port,
                    "DOCKER_CONFIG", Files.createTempDirectory("labfleet-docker-config").toString(),
                    "DOCKER_CONTEXT", "default",
                    "DOCKER_BUILDKIT", "0",
                    "COMPOSE_DOCKER_CLI_BUILD", "0");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code docker args…} against the sandbox; fails the test if it does not succeed. */
    public String docker(String... args) {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(Arrays.asList(args));
        HostDocker.Result result = HostDocker.execute(command, environment, null);
        if (!result.succeeded()) {
            throw new AssertionError(String.join(" ", command) + " exited with " + result.exitCode() + ": " + result.output());
        }
        return result.output().strip();
    }

    /** Runs a shell command line against the sandbox, whatever the outcome. */
    public HostDocker.Result sh(String commandLine) {
        return HostDocker.execute(List.of("sh", "-c", commandLine), environment, null);
    }

    /** Runs a lab script with {@code sh}, from {@code folder}. */
    public HostDocker.Result script(Path script, Path folder) {
        return HostDocker.execute(List.of("sh", script.toAbsolutePath().toString()), environment, folder);
    }
}
