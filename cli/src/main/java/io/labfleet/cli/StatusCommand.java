package io.labfleet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show your sandboxes that are not over (or the one named): lab, state, when it expires. * marks the one commands use by default.")
final class StatusCommand implements Callable<Integer> {

    @ParentCommand
    Labfleet root;

    @Parameters(paramLabel = "SANDBOX", arity = "0..1", description = "One sandbox, whatever its state.")
    String sandboxId;

    @Option(names = "--json", description = "Print the service's JSON (one sandbox, or an array), for scripts.")
    boolean json;

    @Override
    public Integer call() {
        Terminal terminal = root.terminal();
        ApiClient api = root.api();
        ArrayNode shown = Json.MAPPER.createArrayNode();
        if (sandboxId != null) {
            shown.add(api.get("/api/v1/sandboxes/" + sandboxId));
        } else {
            for (JsonNode sandbox : api.get("/api/v1/sandboxes?size=100").path("items")) {
                if (!Sandboxes.isFinal(sandbox)) {
                    shown.add(sandbox);
                }
            }
        }
        if (json) {
            terminal.out().println(Json.write(sandboxId != null ? shown.get(0) : shown));
            return ExitCode.OK;
        }
        if (shown.isEmpty()) {
            terminal.out().println("You have no sandbox. Start one with labfleet start <lab> (labfleet labs lists them).");
            return ExitCode.OK;
        }
        String current = root.store().sandboxes().current();
        for (JsonNode sandbox : shown) {
            String id = sandbox.path("id").asText();
            terminal.out().printf("%s %s  %s  %s%s%n", id.equals(current) ? "*" : " ", id, sandbox.path("labId").asText(),
                    sandbox.path("state").asText(), Sandboxes.isFinal(sandbox)
                            ? "  " + sandbox.path("reason").asText("")
                            : "  until " + Sandboxes.expiry(sandbox));
        }
        return ExitCode.OK;
    }
}
