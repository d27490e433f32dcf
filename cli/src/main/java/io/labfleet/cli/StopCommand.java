package io.labfleet.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

@Command(name = "stop", mixinStandardHelpOptions = true,
        description = "Delete your sandbox (everything in it is gone), and take away its docker context and its block in ~/.ssh/config.")
final class StopCommand implements Callable<Integer> {

    @ParentCommand
    Labfleet root;

    @Parameters(paramLabel = "SANDBOX", arity = "0..1", description = "Default: the sandbox started last on this computer.")
    String sandboxId;

    @Override
    public Integer call() {
        Terminal terminal = root.terminal();
        ApiClient api = root.api();
        String id = root.sandbox(api, sandboxId);
        boolean existed = true;
        try {
            api.delete("/api/v1/sandboxes/" + id);
            api.events("/api/v1/sandboxes/" + id + "/events", event -> !Sandboxes.isFinal(event));
        } catch (CliException refused) {
            if (refused.exitCode() != ExitCode.REFUSED) {
                throw refused;
            }
            existed = false;
            terminal.out().println("The service says: " + refused.getMessage());
        }
        ConfigStore store = root.store();
        Workstation workstation = root.workstation();
        String context = store.sandboxes().contexts().getOrDefault(id, id);
        boolean contextRemoved = workstation.removeContext(context);
        boolean blockRemoved = workstation.removeSshBlock(id);
        store.save(store.sandboxes().without(id));
        terminal.out().println((existed ? "Sandbox " + id + " stopped" : "Nothing left to stop of " + id)
                + (contextRemoved ? "; docker context " + context + " removed" : "")
                + (blockRemoved ? "; its block in ~/.ssh/config removed" : "") + ".");
        return ExitCode.OK;
    }
}
