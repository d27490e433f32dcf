package io.labfleet.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "ssh", mixinStandardHelpOptions = true,
        description = {"Open a shell inside your sandbox (your Docker host), or run one command there.", "",
                "labfleet ssh -- docker ps runs one command. Uses the ~/.ssh/config block labfleet start wrote."})
final class SshCommand implements Callable<Integer> {

    @ParentCommand
    Labfleet root;

    @Option(names = {"-s", "--sandbox"}, paramLabel = "SANDBOX", description = "Default: the sandbox started last on this computer.")
    String sandboxId;

    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "A command to run instead of a shell (after --).")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() {
        ApiClient api = root.api();
        String id = root.sandbox(api, sandboxId);
        String alias = api.get("/api/v1/sandboxes/" + id + "/context").path("name").asText(id);
        List<String> ssh = new ArrayList<>(List.of("ssh", alias));
        ssh.addAll(command);
        return new LocalTools(root.terminal()).attach(ssh.toArray(String[]::new));
    }
}
