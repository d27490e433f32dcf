package io.labfleet.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs real command-line tools (ssh, docker) the way a learner's terminal would, with a deadline. */
public final class Processes {

    /** What a finished command left: its exit code and both outputs. */
    public record Result(int exitCode, String stdout, String stderr) {

        public Result assertSuccess() {
            if (exitCode != 0) {
                throw new AssertionError("exit " + exitCode + "\nstdout: " + stdout + "\nstderr: " + stderr);
            }
            return this;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + ", stdout: " + stdout + ", stderr: " + stderr;
        }
    }

    private Processes() {
    }

    public static Result run(List<String> command, Map<String, String> environment, Duration timeout) {
        return run(command, environment, timeout, null);
    }

    /** Runs the command with the given environment additions and standard input (none when null). */
    public static Result run(List<String> command, Map<String, String> environment, Duration timeout, byte[] stdin) {
        Process process = start(command, environment);
        try {
            CompletableFuture<String> out = drain(process.getInputStream());
            CompletableFuture<String> err = drain(process.getErrorStream());
            try (var input = process.getOutputStream()) {
                if (stdin != null) {
                    input.write(stdin);
                }
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("Timed out after " + timeout + ": " + command + "\nstdout so far: "
                        + out.getNow("") + "\nstderr so far: " + err.getNow(""));
            }
            return new Result(process.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            process.destroyForcibly();
        }
    }

    /** Starts a long-running command (an ssh tunnel); the caller stops it. */
    public static Process start(List<String> command, Map<String, String> environment) {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        try {
            return builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start " + command, e);
        }
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
    }
}
