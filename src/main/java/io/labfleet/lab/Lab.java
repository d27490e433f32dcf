package io.labfleet.lab;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A lab of the course: where it sits in the course, what the learner reads, which images the sandbox
 * needs, what is set up when the sandbox starts, and the checks that say whether it was done.
 */
public record Lab(
        String id,
        int part,
        int chapter,
        Text title,
        Text summary,
        Duration duration,
        List<String> images,
        List<String> setup,
        List<CheckDefinition> checks,
        Text instructions,
        Path folder) {

    public Lab {
        images = List.copyOf(images);
        setup = List.copyOf(setup);
        checks = List.copyOf(checks);
    }

    public Optional<CheckDefinition> check(String checkId) {
        return checks.stream().filter(c -> c.id().equals(checkId)).findFirst();
    }

    /** The reference solution script, run by the tests against a real sandbox. */
    public Path solution() {
        return folder.resolve(LabCatalogLoader.SOLUTION_FILE);
    }
}
