package io.labfleet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.Callable;

@Command(name = "login", mixinStandardHelpOptions = true,
        description = {"Log in to your Labfleet service.", "",
                "Shows an address and a code: open it in any browser and log in there (OAuth 2.0 device login). "
                        + "With --dev, the development login of a service started with dev/run (user and password). "
                        + "The login is kept in ~/.config/labfleet/credentials.json (readable by you only) and renewed "
                        + "as needed."})
final class LoginCommand implements Callable<Integer> {

    static final String DEFAULT_URL = "http://localhost:8080";

    @ParentCommand
    Labfleet root;

    @Option(names = "--url", paramLabel = "URL",
            description = "Address of your Labfleet service. Default: the one you last logged in to, else $LABFLEET_URL, else " + DEFAULT_URL + ".")
    String url;

    @Option(names = "--dev", paramLabel = "USER",
            description = "Development login as USER; the password is asked for (or read from standard input when it is not a terminal).")
    String devUser;

    @Override
    public Integer call() {
        Terminal terminal = root.terminal();
        ConfigStore store = root.store();
        String service = (url != null ? url : store.credentials().map(ConfigStore.Credentials::url)
                .orElse(terminal.environment().getOrDefault("LABFLEET_URL", DEFAULT_URL))).replaceAll("/+$", "");
        JsonNode options = ApiClient.anonymous(service).get("/api/v1/cli");
        ConfigStore.Credentials credentials;
        if (devUser != null) {
            if (!options.path("devLogin").asBoolean()) {
                throw new CliException(ExitCode.REFUSED, service + " has no development login: run labfleet login without --dev.");
            }
            credentials = new ConfigStore.Credentials(service, ConfigStore.Credentials.DEV, devUser, null, null, 0, null,
                    null, password(terminal));
            new ApiClient(Session.of(store, credentials), terminal.language()).get("/api/v1/labs");
        } else {
            String issuer = options.path("authServerUrl").asText(null);
            if (issuer == null || issuer.isBlank()) {
                throw new CliException(ExitCode.REFUSED, options.path("devLogin").asBoolean()
                        ? service + " uses the development login only: labfleet login --dev <user>."
                        : service + " names no identity provider to log in with.");
            }
            credentials = new DeviceLogin(terminal, Clock.systemUTC()).run(service, issuer, options.path("clientId").asText());
        }
        boolean sameAccount = store.credentials().map(old -> old.url().equals(credentials.url())
                && old.user().equals(credentials.user())).orElse(false);
        store.save(credentials);
        if (!sameAccount) {
            ConfigStore.Sandboxes sandboxes = store.sandboxes();
            store.save(new ConfigStore.Sandboxes(null, sandboxes.contexts()));
        }
        terminal.out().println("Logged in to " + service + " as " + credentials.user() + ".");
        return ExitCode.OK;
    }

    private String password(Terminal terminal) {
        Console console = System.console();
        if (terminal.interactive() && console != null) {
            char[] typed = console.readPassword("Password for %s: ", devUser);
            if (typed == null) {
                throw new CliException(ExitCode.LOGIN, "No password given.");
            }
            return new String(typed);
        }
        try {
            String line = new BufferedReader(new InputStreamReader(terminal.in(), StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isEmpty()) {
                throw new CliException(ExitCode.LOGIN, "No password on standard input.");
            }
            return line;
        } catch (IOException e) {
            throw new CliException(ExitCode.LOGIN, "Cannot read the password: " + e.getMessage());
        }
    }
}
