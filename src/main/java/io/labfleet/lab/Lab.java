package io.labfleet.lab;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A lab of the course: where it sits in the course, what the learner reads, which images the sandbox
 * needs, what is set up when the sandbox starts, and the checks that say whether it was done.
 *
 * @param setup the starting state, read once when the catalog loads
 * @param files the learner's material as {@code lab.yaml} declares it: paths relative to {@link #folder()}, a
 *              folder ending with {@code /} ({@link LearnerFiles} reads them)
 */
public record Lab(
        String id,
        int part,
        int chapter,
        Text title,
        Text summary,
        Duration duration,
        List<String> images,
        List<SetupCommand> setup,
        List<CheckDefinition> checks,
        Text instructions,
        Path folder,
        List<String> files) {

    public Lab {
        images = List.copyOf(images);
        setup = List.copyOf(setup);
        checks = List.copyOf(checks);
        files = List.copyOf(files);
    }

    /** A lab without learner files (the archive of its files holds only its folder). */
    public Lab(String id, int part, int chapter, Text title, Text summary, Duration duration, List<String> images,
               List<SetupCommand> setup, List<CheckDefinition> checks, Text instructions, Path folder) {
        this(id, part, chapter, title, summary, duration, images, setup, checks, instructions, folder, List.of());
    }

    public Optional<CheckDefinition> check(String checkId) {
        return checks.stream().filter(c -> c.id().equals(checkId)).findFirst();
    }

    /** The reference solution script, run by the tests against a real sandbox. */
    public Path solution() {
        return folder.resolve(LabCatalogLoader.SOLUTION_FILE);
    }
}
