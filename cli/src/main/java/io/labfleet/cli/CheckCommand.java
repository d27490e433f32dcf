package io.labfleet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Check the lab's exercise in your sandbox.", "",
                "One line per check, ✓ done or ✗ not yet with what to do. Exits 0 only when every check passed, so "
                        + "scripts can use it."})
final class CheckCommand implements Callable<Integer> {

    /** Longer than the service's own limit on a run (labfleet.validation.run-timeout, 5 minutes by default). */
    private static final Duration WAIT_AT_MOST = Duration.ofMinutes(6);

    @ParentCommand
    Labfleet root;

    @Parameters(paramLabel = "SANDBOX", arity = "0..1", description = "Default: the sandbox started last on this computer.")
    String sandboxId;

    @Option(names = "--json", description = "Print the finished validation run as JSON, for scripts.")
    boolean json;

    @Override
    public Integer call() {
        Terminal terminal = root.terminal();
        ApiClient api = root.api();
        String id = root.sandbox(api, sandboxId);
        JsonNode run = startOrFollow(api, id);
        if (!json) {
            terminal.out().println("Checking " + id + " (lab " + run.path("labId").asText() + ")…");
        }
        Instant deadline = Instant.now().plus(WAIT_AT_MOST);
        while (!finished(run)) {
            if (Instant.now().isAfter(deadline)) {
                throw new CliException(ExitCode.SERVICE, "The check of " + id + " did not finish within "
                        + WAIT_AT_MOST.toMinutes() + " minutes.");
            }
            pause();
            run = api.get("/api/v1/validations/" + run.path("id").asText());
        }
        boolean allPassed = "COMPLETED".equals(run.path("state").asText())
                && run.path("passed").asInt() == run.path("total").asInt() && run.path("total").asInt() > 0;
        if (json) {
            terminal.out().println(Json.write(run));
            return allPassed ? ExitCode.OK : ExitCode.NOT_DONE;
        }
        for (JsonNode result : run.path("results")) {
            String status = result.path("status").asText();
            String mark = switch (status) {
                case "PASSED" -> "✓";
                case "FAILED" -> "✗";
                default -> "!";
            };
            terminal.out().println(mark + " " + result.path("title").asText(result.path("checkId").asText()));
            if (!"PASSED".equals(status) && !result.path("message").asText("").isBlank()) {
                for (String line : result.path("message").asText().split("\\R")) {
                    terminal.out().println("    " + line);
                }
            }
        }
        if ("ERROR".equals(run.path("state").asText())) {
            terminal.out().println("The check could not be done: " + run.path("error").asText("?"));
        } else {
            terminal.out().println(run.path("passed").asInt() + " of " + run.path("total").asInt() + " checks passed"
                    + (allPassed ? ": well done." : "."));
        }
        return allPassed ? ExitCode.OK : ExitCode.NOT_DONE;
    }

    /**
     * The service runs one check of a sandbox at a time and refuses a second; when one is under way (started from
     * another terminal or by an instructor), this follows it instead.
     */
    private static JsonNode startOrFollow(ApiClient api, String id) {
        try {
            return api.post("/api/v1/sandboxes/" + id + "/validations", null);
        } catch (CliException refused) {
            if (refused.exitCode() != ExitCode.REFUSED) {
                throw refused;
            }
            JsonNode latest;
            try {
                latest = api.get("/api/v1/sandboxes/" + id + "/validations?size=1");
            } catch (CliException e) {
                throw refused;
            }
            if (latest.size() == 1 && !finished(latest.get(0))) {
                return latest.get(0);
            }
            throw refused;
        }
    }

    private static boolean finished(JsonNode run) {
        String state = run.path("state").asText();
        return "COMPLETED".equals(state) || "ERROR".equals(state);
    }

    private static void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCode.SERVICE, "Interrupted while waiting for the check.");
        }
    }
}
