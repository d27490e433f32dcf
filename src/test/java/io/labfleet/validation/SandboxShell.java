package io.labfleet.validation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code docker} CLI (and {@code sh}) pointed at one sandbox's daemon with {@code DOCKER_HOST}, as a
 * learner's terminal is through their context. A configuration folder of its own keeps the machine's contexts
 * out of the way.
 */
public final class SandboxShell {

    private static final long TIMEOUT_SECONDS = 180;

    /** What a command printed (stdout and stderr together) and how it exited. */
    public record Result(int exitCode, String output) {
        public boolean succeeded() {
            return exitCode == 0;
        }
    }

    private final String dockerHost;
    private final Path config;

    public SandboxShell(String host, int port) {
        this.dockerHost = "tcp://" + host + ":" + port;
        try {
            this.config = Files.createTempDirectory("labfleet-docker-config");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code docker args…} against the sandbox; fails the test if it does not succeed. */
    public String docker(String... args) {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(Arrays.asList(args));
        Result result = run(command, null);
        if (!result.succeeded()) {
            throw new AssertionError(String.join(" ", command) + " exited with " + result.exitCode() + ": " + result.output());
        }
        return result.output().strip();
    }

    /** Runs a shell command line against the sandbox, whatever the outcome. */
    public Result sh(String commandLine) {
        return run(List.of("sh", "-c", commandLine), null);
    }

    /** Runs a lab script with {@code sh}, from {@code folder}. */
    public Result script(Path script, Path folder) {
        return run(List.of("sh", script.toAbsolutePath().toString()), folder);
    }

    private Result run(List<String> command, Path folder) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("DOCKER_HOST", dockerHost);
        env.put("DOCKER_CONFIG", config.toString());
        env.remove("DOCKER_CONTEXT");
        env.put("DOCKER_BUILDKIT", "0");
        env.put("COMPOSE_DOCKER_CLI_BUILD", "0");
        if (folder != null) {
            builder.directory(folder.toFile());
        }
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(command + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
