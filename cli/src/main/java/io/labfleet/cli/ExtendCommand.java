package io.labfleet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

@Command(name = "extend", mixinStandardHelpOptions = true,
        description = "Give your sandbox more time, up to the longest lifetime your quota allows.")
final class ExtendCommand implements Callable<Integer> {

    @ParentCommand
    Labfleet root;

    @Parameters(paramLabel = "MINUTES", arity = "0..1", defaultValue = "30", description = "Minutes to add (default: ${DEFAULT-VALUE}).")
    int minutes;

    @Option(names = {"-s", "--sandbox"}, paramLabel = "SANDBOX", description = "Default: the sandbox started last on this computer.")
    String sandboxId;

    @Override
    public Integer call() {
        ApiClient api = root.api();
        String id = root.sandbox(api, sandboxId);
        JsonNode sandbox = api.post("/api/v1/sandboxes/" + id + "/extend", Json.MAPPER.createObjectNode().put("minutes", minutes));
        root.terminal().out().println("Sandbox " + id + " now runs until " + Sandboxes.expiry(sandbox) + ".");
        return ExitCode.OK;
    }
}
