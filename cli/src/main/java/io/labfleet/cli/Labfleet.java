package io.labfleet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code labfleet}, the learner's command: log in, start a lab's sandbox with everything set up to drive it with
 * one's own docker CLI, check the exercise, stop. Each command prints one clear line when something goes wrong
 * and exits with an {@link ExitCode}.
 */
@Command(name = "labfleet", mixinStandardHelpOptions = true, versionProvider = Labfleet.Version.class,
        description = {"Your own Docker engine for each lab of the Docker Masterclass, driven from this terminal.", "",
                "First: labfleet login --url <your Labfleet address>, then: labfleet start p3-container-lifecycle"},
        subcommands = {LoginCommand.class, LogoutCommand.class, LabsCommand.class, StartCommand.class,
                CheckCommand.class, StatusCommand.class, ExtendCommand.class, StopCommand.class, SshCommand.class,
                CommandLine.HelpCommand.class})
public final class Labfleet implements Callable<Integer> {

    private final Terminal terminal;

    @Spec
    CommandSpec spec;

    Labfleet(Terminal terminal) {
        this.terminal = terminal;
    }

    public static void main(String[] args) {
        System.exit(run(Terminal.system(), args));
    }

    static int run(Terminal terminal, String... args) {
        CommandLine cli = new CommandLine(new Labfleet(terminal));
        cli.setOut(new java.io.PrintWriter(terminal.out(), true));
        cli.setErr(new java.io.PrintWriter(terminal.err(), true));
        Map<String, String> exitCodes = new LinkedHashMap<>();
        for (String line : ExitCode.helpLines()) {
            String[] parts = line.split(":", 2);
            exitCodes.put(parts[0], parts[1]);
        }
        List<CommandLine> all = new ArrayList<>(List.of(cli));
        all.addAll(cli.getSubcommands().values());
        for (CommandLine command : all) {
            command.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(exitCodes);
        }
        cli.setExecutionExceptionHandler((exception, command, parsed) -> {
            if (exception instanceof CliException failure) {
                terminal.err().println("labfleet: " + failure.getMessage());
                return failure.exitCode();
            }
            terminal.err().println("labfleet: unexpected error: " + exception);
            return ExitCode.LOCAL;
        });
        return cli.execute(args);
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(terminal.out());
        return ExitCode.USAGE;
    }

    Terminal terminal() {
        return terminal;
    }

    ConfigStore store() {
        return new ConfigStore(terminal.configDirectory());
    }

    ApiClient api() {
        return new ApiClient(Session.load(store()), terminal.language());
    }

    Workstation workstation() {
        return new Workstation(terminal, new LocalTools(terminal));
    }

    /**
     * The sandbox a command acts on: the one named, else the last one started here, else the learner's only
     * live sandbox.
     */
    String sandbox(ApiClient api, String named) {
        if (named != null) {
            return named;
        }
        String current = store().sandboxes().current();
        if (current != null) {
            return current;
        }
        List<String> live = new ArrayList<>();
        for (JsonNode sandbox : api.get("/api/v1/sandboxes?size=100").path("items")) {
            if (!Sandboxes.isFinal(sandbox)) {
                live.add(sandbox.path("id").asText());
            }
        }
        if (live.isEmpty()) {
            throw new CliException(ExitCode.REFUSED, "You have no sandbox: start one with labfleet start <lab> (labfleet labs lists them).");
        }
        if (live.size() > 1) {
            throw new CliException(ExitCode.USAGE, "You have several sandboxes (" + String.join(", ", live) + "): name one.");
        }
        return live.get(0);
    }

    static String version() {
        String version = Labfleet.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    /** The version the jar was built as. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"labfleet " + version()};
        }
    }
}
