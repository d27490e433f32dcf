package io.labfleet.validation;

import io.labfleet.lab.CheckDefinition;
import io.labfleet.lab.Lab;
import io.labfleet.lab.LabCatalogLoader;
import io.labfleet.lab.Text;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The labs in {@code labs/}: their checks mean something, and their scripts are runnable and well declared. */
class ShippedLabsTest {

    private final List<Lab> labs = new LabCatalogLoader().load(Path.of("labs"));

    @Test
    void everyCheckCompiles() {
        List<String> problems = new ArrayList<>();
        for (Lab lab : labs) {
            assertThat(LabChecks.compile(lab, problems)).hasSameSizeAs(lab.checks());
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void aMeaninglessParameterIsNamedWithItsLabFileAndCheck() {
        Lab lab = labs.get(0);
        Lab broken = new Lab(lab.id(), lab.part(), lab.chapter(), lab.title(), lab.summary(), lab.duration(), lab.images(),
                lab.setup(), List.of(new CheckDefinition("limits", Text.of("Limites", null), "container",
                Map.of("memory", "beaucoup"), null)), lab.instructions(), lab.folder());
        List<String> problems = new ArrayList<>();

        assertThat(LabChecks.compile(broken, problems)).isEmpty();

        assertThat(problems).singleElement().asString().contains(lab.folder().resolve("lab.yaml").toString(),
                "check limits (container)", "with.memory", "'beaucoup' is not a size");
    }

    @Test
    void everyLabHasItsReferenceSolutionAndAtLeastOneMistakeToCatch() {
        for (Lab lab : labs) {
            List<LabScenario> scenarios = LabScenario.of(lab);
            assertThat(scenarios).as(lab.id()).anyMatch(s -> !s.valid());
            scenarios.forEach(s -> assertThat(Files.isExecutable(s.script())).as(s + " is executable").isTrue());
        }
    }

    /**
     * A check no mistake makes fail would pass for a learner who did it wrong: every check is named by a failing
     * variant, or only by {@code nothing-done} when nothing else makes it fail, whose comment then says so.
     */
    @Test
    void everyCheckIsShownFailingByAMistake() throws Exception {
        List<String> neverFailing = new ArrayList<>();
        for (Lab lab : labs) {
            List<LabScenario> scenarios = LabScenario.of(lab);
            LabScenario nothingDone = scenarios.get(0);
            assertThat(nothingDone.name()).isEqualTo(LabScenario.NOTHING_DONE);
            String nothingDoneComment = Files.readString(nothingDone.script()).lines()
                    .filter(line -> line.startsWith("#") && !line.startsWith(LabScenario.EXPECT)).reduce("", String::concat);
            for (var check : lab.checks()) {
                boolean byAMistake = scenarios.stream().skip(1).anyMatch(s -> s.mustFail().contains(check.id()));
                boolean saidSo = nothingDone.mustFail().contains(check.id()) && nothingDoneComment.contains(check.id());
                if (!byAMistake && !saidSo) {
                    neverFailing.add(lab.id() + ":" + check.id());
                }
            }
        }
        assertThat(neverFailing).as("checks no failing variant names").isEmpty();
    }

    @Test
    void theCourseMapListsEveryLab() throws Exception {
        String readme = Files.readString(Path.of("labs/README.md"));
        for (Lab lab : labs) {
            assertThat(readme).as("labs/README.md lists " + lab.id())
                    .contains("| `" + lab.id() + "` | " + lab.part() + " | " + lab.chapter() + " |");
        }
    }
}
