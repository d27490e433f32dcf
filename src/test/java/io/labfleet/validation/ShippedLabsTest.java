package io.labfleet.validation;

import io.labfleet.lab.Lab;
import io.labfleet.lab.LabCatalogLoader;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
    void everyLabHasItsReferenceSolutionAndAtLeastOneMistakeToCatch() {
        for (Lab lab : labs) {
            List<LabScenario> scenarios = LabScenario.of(lab);
            assertThat(scenarios).as(lab.id()).anyMatch(s -> !s.valid());
            scenarios.forEach(s -> assertThat(Files.isExecutable(s.script())).as(s + " is executable").isTrue());
        }
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
