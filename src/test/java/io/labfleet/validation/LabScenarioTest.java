package io.labfleet.validation;

import io.labfleet.lab.Lab;
import io.labfleet.lab.LabCatalogLoader;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The judgement LabsIT passes on every run: a variant is held to every check of its lab, not only those it names. */
class LabScenarioTest {

    private final Lab lab = new LabCatalogLoader().load(Path.of("labs")).stream()
            .filter(l -> l.id().equals("p3-container-lifecycle")).findFirst().orElseThrow();
    private final LabScenario stoppedNotRemoved = new LabScenario(lab, "stopped-not-removed", lab.solution(),
            Set.of("mon-web-removed", "mon-web-gone"));

    @Test
    void exactlyTheNamedChecksFailingWithWhatWasFoundIsRight() {
        assertThat(stoppedNotRemoved.judge(results(Map.of()))).isEmpty();
    }

    @Test
    void aCheckItDoesNotNameThatFailsOrErrsIsAProblem() {
        List<String> problems = stoppedNotRemoved.judge(results(Map.of(
                "mon-web-started", result("mon-web-started", "FAILED", "Aucun conteneur mon-web. " + hint("mon-web-started")),
                "mon-web-stopped", result("mon-web-stopped", "ERROR", "Le démon n'a pas répondu."))));

        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).contains("mon-web-started is FAILED but should pass");
        assertThat(problems.get(1)).contains("mon-web-stopped is ERROR but should pass");
    }

    @Test
    void aNamedCheckThatPassesOrErrsIsAProblem() {
        List<String> problems = stoppedNotRemoved.judge(results(Map.of(
                "mon-web-removed", result("mon-web-removed", "PASSED", "mon-web a été supprimé."),
                "mon-web-gone", result("mon-web-gone", "ERROR", "Le démon n'a pas répondu."))));

        assertThat(problems).satisfiesExactly(
                p -> assertThat(p).contains("mon-web-removed should catch this mistake but is PASSED"),
                p -> assertThat(p).contains("mon-web-gone should catch this mistake but is ERROR"));
    }

    @Test
    void aFailureThatSaysNothingBeforeItsHintIsAProblem() {
        List<String> problems = stoppedNotRemoved.judge(results(Map.of(
                "mon-web-gone", result("mon-web-gone", "FAILED", " " + hint("mon-web-gone")),
                "mon-web-removed", result("mon-web-removed", "FAILED", "Le conteneur tourne encore."))));

        assertThat(problems).satisfiesExactlyInAnyOrder(
                p -> assertThat(p).contains("mon-web-gone's message does not say what was found"),
                p -> assertThat(p).contains("mon-web-removed's message does not end with its hint"));
    }

    @Test
    void aMissingResultIsAProblem() {
        List<Map<String, Object>> results = results(Map.of());
        results.remove(0);

        assertThat(stoppedNotRemoved.judge(results)).anySatisfy(p -> assertThat(p).contains("no result for check mon-web-started"));
    }

    /** A run where the scenario's named checks fail properly and the others pass, with some results replaced. */
    private List<Map<String, Object>> results(Map<String, Map<String, Object>> replaced) {
        Map<String, Map<String, Object>> results = new LinkedHashMap<>();
        for (var check : lab.checks()) {
            results.put(check.id(), stoppedNotRemoved.mustFail().contains(check.id())
                    ? result(check.id(), "FAILED", "Le conteneur mon-web existe encore (exited). " + hint(check.id()))
                    : result(check.id(), "PASSED", "Fait."));
        }
        results.putAll(replaced);
        return new java.util.ArrayList<>(results.values());
    }

    private String hint(String check) {
        return lab.check(check).orElseThrow().hint().fr();
    }

    private static Map<String, Object> result(String check, String status, String message) {
        return Map.of("checkId", check, "status", status, "message", message);
    }
}
