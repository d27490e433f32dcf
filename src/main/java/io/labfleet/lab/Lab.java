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
 * @param warmPool how many sandboxes of this lab to keep started in advance by default ({@code warmPool} in
 *                 {@code lab.yaml}; configuration and admins may change it)
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
        List<String> files,
        int warmPool) {

    /** The largest warm pool of one lab, whoever sets it (lab.yaml, configuration, an admin). */
    public static final int MAX_WARM_POOL = 100;

    public Lab {
        images = List.copyOf(images);
        setup = List.copyOf(setup);
        checks = List.copyOf(checks);
        files = List.copyOf(files);
    }

    /** A lab without learner files (the archive of its files holds only its folder) nor warm pool. */
    public Lab(String id, int part, int chapter, Text title, Text summary, Duration duration, List<String> images,
               List<SetupCommand> setup, List<CheckDefinition> checks, Text instructions, Path folder) {
        this(id, part, chapter, title, summary, duration, images, setup, checks, instructions, folder, List.of(), 0);
    }

    public Optional<CheckDefinition> check(String checkId) {
        return checks.stream().filter(c -> c.id().equals(checkId)).findFirst();
    }

    /** The reference solution script, run by the tests against a real sandbox. */
    public Path solution() {
        return folder.resolve(LabCatalogLoader.SOLUTION_FILE);
    }
}
