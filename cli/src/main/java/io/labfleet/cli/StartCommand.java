package io.labfleet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.Callable;

@Command(name = "start", mixinStandardHelpOptions = true,
        description = {"Start a sandbox for a lab and set this computer up to use it.", "",
                "Registers your SSH key (~/.ssh/id_ed25519, else one it makes: ~/.ssh/labfleet_ed25519), trusts the "
                        + "gateway (~/.ssh/known_hosts), writes a block of its own at the top of ~/.ssh/config, creates "
                        + "the docker context and makes it current, and puts the lab's files into ./LAB/ (files already "
                        + "there are kept). Ends with a first command to try."})
final class StartCommand implements Callable<Integer> {

    private static final Duration READY_WITHIN = Duration.ofMinutes(5);

    @ParentCommand
    Labfleet root;

    @Parameters(paramLabel = "LAB", description = "The lab, e.g. p3-container-lifecycle (labfleet labs lists them).")
    String labId;

    @Option(names = "--no-use", description = "Create the docker context without making it the current one.")
    boolean noUse;

    @Option(names = "--no-files", description = "Do not download the lab's files into ./LAB/.")
    boolean noFiles;

    @Option(names = "--ttl", paramLabel = "MINUTES", description = "Lifetime of the sandbox (default: the lab's; capped by your quota).")
    Integer ttlMinutes;

    @Override
    public Integer call() {
        Terminal terminal = root.terminal();
        ApiClient api = root.api();
        Workstation workstation = root.workstation();
        JsonNode lab = api.get("/api/v1/labs/" + labId);
        Workstation.SshKey key = workstation.key();
        registerKey(api, key);

        ObjectNode request = Json.MAPPER.createObjectNode().put("labId", labId);
        if (ttlMinutes != null) {
            request.put("ttlMinutes", ttlMinutes);
        }
        JsonNode sandbox = api.post("/api/v1/sandboxes", request);
        String id = sandbox.path("id").asText();
        ConfigStore store = root.store();
        store.save(store.sandboxes().with(id, id));
        terminal.out().println("Starting sandbox " + id + " for " + labId + ": "
                + LabsCommand.text(lab.path("title"), terminal.language()));
        sandbox = awaitReady(api, id);

        JsonNode context = api.get("/api/v1/sandboxes/" + id + "/context");
        String contextName = context.path("name").asText(id);
        store.save(store.sandboxes().with(id, contextName));
        workstation.trustGateway(context.path("knownHosts").asText());
        workstation.addSshBlock(id, context.path("sshConfig").asText(), key.privateKey());
        workstation.createContext(contextName, "Labfleet sandbox " + id + " (lab " + labId + ")",
                context.path("host").asText(), !noUse);

        terminal.out().println("Sandbox " + id + " is ready until " + Sandboxes.expiry(sandbox) + ".");
        terminal.out().println("Docker context " + contextName + (noUse ? " created (not made current)." : " created and in use."));
        if (!noFiles && !lab.path("files").isEmpty()) {
            LabArchive.Result files = LabArchive.extract(api.download("/api/v1/labs/" + labId + "/files"), labId,
                    terminal.workingDirectory());
            terminal.out().println("Lab files in ./" + labId + "/: " + files.written().size() + " written"
                    + (files.kept().isEmpty() ? "." : ", " + files.kept().size() + " already there and kept as they are."));
        }
        terminal.out().println("Try: " + (noUse ? "docker --context " + contextName + " ps" : "docker ps"));
        return ExitCode.OK;
    }

    /** Registers the key unless the learner already has it, under a name made from the key (same key, same name). */
    private static void registerKey(ApiClient api, Workstation.SshKey key) {
        String[] parts = key.publicKey().split("\\s+");
        for (JsonNode registered : api.get("/api/v1/me/ssh-keys")) {
            String[] theirs = registered.path("publicKey").asText().split("\\s+");
            if (theirs.length > 1 && parts.length > 1 && theirs[0].equals(parts[0]) && theirs[1].equals(parts[1])) {
                return;
            }
        }
        api.put("/api/v1/me/ssh-keys/labfleet-" + shortHash(parts.length > 1 ? parts[1] : key.publicKey()),
                Json.MAPPER.createObjectNode().put("publicKey", key.publicKey()));
    }

    /**
     * Follows the sandbox's event stream, showing its progress, until it is READY; ends on FAILED or when the
     * stream ends without it (then asks for the sandbox once).
     */
    private JsonNode awaitReady(ApiClient api, String id) {
        Terminal terminal = root.terminal();
        Progress progress = new Progress(terminal.out(), terminal.interactive());
        String[] state = {null};
        Instant deadline = Instant.now().plus(READY_WITHIN);
        int[] percent = {0};
        try {
            while (!"READY".equals(state[0]) && Instant.now().isBefore(deadline)) {
                api.events("/api/v1/sandboxes/" + id + "/events", event -> {
                    if ("progress".equals(event.path("type").asText())) {
                        percent[0] = event.path("percent").asInt(percent[0]);
                        progress.show(percent[0], event.path("message").asText(event.path("step").asText()));
                        return true;
                    }
                    state[0] = event.path("state").asText();
                    if ("READY".equals(state[0])) {
                        progress.show(100, "ready");
                        return false;
                    }
                    if (Sandboxes.isFinal(event)) {
                        return false;
                    }
                    progress.show(percent[0], state[0].toLowerCase(java.util.Locale.ROOT));
                    return true;
                });
                JsonNode sandbox = api.get("/api/v1/sandboxes/" + id);
                state[0] = sandbox.path("state").asText();
                if (Sandboxes.isFinal(sandbox)) {
                    progress.end();
                    throw new CliException(ExitCode.NOT_DONE, "Sandbox " + id + " did not start: "
                            + sandbox.path("reason").asText(state[0]) + " (" + state[0] + ")");
                }
                if ("READY".equals(state[0]) || "EXPIRING".equals(state[0])) {
                    return sandbox;
                }
            }
        } finally {
            progress.end();
        }
        throw new CliException(ExitCode.SERVICE, "Sandbox " + id + " was not ready within " + READY_WITHIN.toMinutes()
                + " minutes; see labfleet status " + id + ", or labfleet stop " + id + ".");
    }

    private static String shortHash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
