package io.labfleet.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code docker} CLI, as a person would use it against the host engine or (with {@code -H}) against a
 * sandbox's daemon. Tests only ever point it at the host engine and at containers they created, and it never
 * pulls: {@code run} and {@code create} get {@code --pull=never}, so a mistyped image name fails at once
 * instead of reaching for a registry.
 */
public final class HostDocker {

    private static final long TIMEOUT_SECONDS = 120;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a command printed (stdout and stderr together) and how it exited. */
    public record Result(int exitCode, String output) {
        public boolean succeeded() {
            return exitCode == 0;
        }
    }

    private HostDocker() {
    }

    /** Runs {@code docker args…}; fails the test if it does not succeed. Returns its output, trimmed. */
    public static String run(String... args) {
        Result result = attempt(args);
        if (!result.succeeded()) {
            throw new AssertionError("docker " + String.join(" ", args) + " exited with " + result.exitCode()
                    + ": " + result.output());
        }
        return result.output().strip();
    }

    /** Runs {@code docker args…} and returns how it went, whatever the outcome. */
    public static Result attempt(String... args) {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(Arrays.asList(args));
        neverPull(command);
        return execute(command, Map.of(), null);
    }

    /**
     * Runs any command, with extra environment variables and from {@code folder} (null: this one), and returns how
     * it went, whatever the outcome.
     */
    public static Result execute(List<String> command, Map<String, String> environment, Path folder) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
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
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Inserts {@code --pull=never} after a {@code run} or {@code create} sub-command (after any {@code -H host}). */
    private static void neverPull(List<String> command) {
        int position = 1;
        while (position < command.size() && command.get(position).equals("-H")) {
            position += 2;
        }
        if (position < command.size() && List.of("run", "create").contains(command.get(position))) {
            command.add(position + 1, "--pull=never");
        }
    }

    /** Every container, network and volume of the host engine carrying {@code label=value}, e.g. "volume x". */
    public static List<String> objectsLabelled(String label, String value) {
        return objectsLabelled(Map.of(label, value));
    }

    /** Every container, network and volume of the host engine carrying all these labels, e.g. "volume x". */
    public static List<String> objectsLabelled(Map<String, String> labels) {
        List<String> filters = new ArrayList<>();
        labels.forEach((label, value) -> filters.addAll(List.of("--filter", "label=" + label + "=" + value)));
        List<String> found = new ArrayList<>();
        list(filters, "{{.Names}}", "ps", "-a").forEach(name -> found.add("container " + name));
        list(filters, "{{.Name}}", "network", "ls").forEach(name -> found.add("network " + name));
        list(filters, "{{.Name}}", "volume", "ls").forEach(name -> found.add("volume " + name));
        return found;
    }

    /** The labels of an object named as {@link #objectsLabelled} names it. */
    public static Map<String, String> labelsOf(String object) {
        String[] kindAndName = object.split(" ", 2);
        String format = kindAndName[0].equals("container") ? "{{json .Config.Labels}}" : "{{json .Labels}}";
        String kind = kindAndName[0].equals("container") ? "container" : kindAndName[0];
        try {
            return JSON.readValue(run(kind, "inspect", "--format", format, kindAndName[1]), new TypeReference<>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> list(List<String> filters, String format, String... command) {
        List<String> args = new ArrayList<>(Arrays.asList(command));
        args.addAll(filters);
        args.addAll(List.of("--format", format));
        return lines(run(args.toArray(String[]::new)));
    }

    private static List<String> lines(String output) {
        return output.isBlank() ? List.of() : List.of(output.split("\n"));
    }
}
