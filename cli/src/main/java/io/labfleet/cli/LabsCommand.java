package io.labfleet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "labs", mixinStandardHelpOptions = true,
        description = "List the labs in course order, in your language ($LANG: French, or English).")
final class LabsCommand implements Callable<Integer> {

    @ParentCommand
    Labfleet root;

    @Option(names = "--json", description = "Print the service's JSON, for scripts.")
    boolean json;

    @Override
    public Integer call() {
        Terminal terminal = root.terminal();
        JsonNode labs = root.api().get("/api/v1/labs");
        if (json) {
            terminal.out().println(Json.write(labs));
            return ExitCode.OK;
        }
        int width = 0;
        for (JsonNode lab : labs) {
            width = Math.max(width, lab.path("id").asText().length());
        }
        for (JsonNode lab : labs) {
            terminal.out().printf("%-" + width + "s  %2d.%d  %s (%d min)%n", lab.path("id").asText(), lab.path("part").asInt(),
                    lab.path("chapter").asInt(), text(lab.path("title"), terminal.language()), lab.path("durationMinutes").asInt());
        }
        return ExitCode.OK;
    }

    /** A text of the service ({@code {fr, en}}) in the learner's language, French when not written in English. */
    static String text(JsonNode text, Locale language) {
        String english = text.path("en").asText(null);
        return language.getLanguage().equals("en") && english != null ? english : text.path("fr").asText();
    }
}
