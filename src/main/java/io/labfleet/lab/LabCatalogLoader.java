package io.labfleet.lab;

import io.labfleet.commons.ImageReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads the {@code labs/} folder: one sub-folder per lab holding {@code lab.yaml} (metadata and checks),
 * {@code instructions.fr.md} (required), {@code instructions.en.md} (optional), {@code solution.sh}
 * (the reference solution) and the learner's files it declares ({@link LearnerFiles}). Any fault stops
 * loading with a message naming the file. Plain Java, no I/O beyond reading the folder.
 */
public final class LabCatalogLoader {

    public static final String METADATA_FILE = "lab.yaml";
    public static final String SOLUTION_FILE = "solution.sh";
    static final String INSTRUCTIONS_FR = "instructions.fr.md";
    static final String INSTRUCTIONS_EN = "instructions.en.md";

    private static final Pattern ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final int MAX_ID_LENGTH = 63;

    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    /** Raw shape of {@code lab.yaml}; validated into a {@link Lab}. */
    record LabFile(String id, Integer part, Integer chapter, Text title, Text summary, Integer durationMinutes,
                   List<String> images, List<String> setup, List<String> files, Integer warmPool,
                   List<CheckFile> checks) {
    }

    record CheckFile(String id, Text title, String type, Map<String, Object> with, Text hint) {
    }

    public List<Lab> load(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new LabCatalogException("Lab folder " + directory.toAbsolutePath() + " does not exist.");
        }
        List<Lab> labs = new ArrayList<>();
        try (Stream<Path> folders = Files.list(directory)) {
            for (Path folder : folders.filter(Files::isDirectory).sorted().toList()) {
                labs.add(loadLab(folder));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (labs.isEmpty()) {
            throw new LabCatalogException("Lab folder " + directory.toAbsolutePath() + " holds no lab.");
        }
        return labs;
    }

    Lab loadLab(Path folder) {
        Path metadata = folder.resolve(METADATA_FILE);
        if (!Files.isRegularFile(metadata)) {
            throw new LabCatalogException(metadata + ": missing (every lab folder needs one).");
        }
        LabFile file = parse(metadata);
        Problems problems = new Problems(metadata);
        problems.require(file.id() != null && ID.matcher(file.id()).matches() && file.id().length() <= MAX_ID_LENGTH,
                "id must be lower-case letters, digits and dashes (at most 63), got '" + file.id() + "'");
        problems.require(file.id() == null || file.id().equals(folder.getFileName().toString()),
                "id '" + file.id() + "' must equal the folder name '" + folder.getFileName() + "'");
        problems.require(file.part() != null && file.part() >= 1 && file.part() <= 10, "part must be 1 to 10");
        problems.require(file.chapter() != null && file.chapter() >= 1, "chapter must be 1 or more");
        problems.requireText(file.title(), "title");
        problems.require(file.durationMinutes() != null && file.durationMinutes() > 0 && file.durationMinutes() <= 480,
                "durationMinutes must be 1 to 480");
        problems.require(file.warmPool() == null || (file.warmPool() >= 0 && file.warmPool() <= Lab.MAX_WARM_POOL),
                "warmPool must be 0 to " + Lab.MAX_WARM_POOL + ", got " + file.warmPool());
        List<String> images = file.images() == null ? List.of() : file.images();
        images(images, problems);
        List<SetupCommand> setup = setup(file.setup() == null ? List.of() : file.setup(), images, problems);
        List<CheckDefinition> checks = checks(file, problems);
        List<String> files = file.files() == null ? List.of() : file.files();
        LearnerFiles.problems(folder, files).forEach(problems::add);
        Path instructionsFr = folder.resolve(INSTRUCTIONS_FR);
        problems.require(Files.isRegularFile(instructionsFr), INSTRUCTIONS_FR + " is missing beside it");
        problems.require(Files.isRegularFile(folder.resolve(SOLUTION_FILE)),
                SOLUTION_FILE + " (the reference solution) is missing beside it");
        problems.throwIfAny();

        Path instructionsEn = folder.resolve(INSTRUCTIONS_EN);
        Text instructions = new Text(read(instructionsFr),
                Files.isRegularFile(instructionsEn) ? read(instructionsEn) : null);
        return new Lab(file.id(), file.part(), file.chapter(), file.title(),
                file.summary() == null ? file.title() : file.summary(),
                Duration.ofMinutes(file.durationMinutes()), images,
                setup, checks, instructions, folder, files, file.warmPool() == null ? 0 : file.warmPool());
    }

    /**
     * Every image must be a reference Docker reads the way the service does ({@link ImageReference}): the sandbox is
     * given these images by name, and the checks and setup commands compare names through the same parser.
     */
    private static void images(List<String> images, Problems problems) {
        for (int i = 0; i < images.size(); i++) {
            try {
                ImageReference.parse(images.get(i));
            } catch (IllegalArgumentException e) {
                problems.add("images[" + i + "]: " + e.getMessage());
            }
        }
    }

    /** Every setup command must be one the service applies, with an image the sandbox is given (nothing is pulled). */
    private static List<SetupCommand> setup(List<String> setup, List<String> images, Problems problems) {
        Set<String> seeded = new HashSet<>();
        images.forEach(image -> seeded.add(withTag(image)));
        List<SetupCommand> commands = new ArrayList<>();
        for (int i = 0; i < setup.size(); i++) {
            try {
                SetupCommand command = SetupCommand.parse(String.valueOf(setup.get(i)));
                if (command instanceof SetupCommand.ContainerRun run) {
                    problems.require(seeded.contains(withTag(run.image())),
                            "setup[" + i + "] runs image " + run.image() + ", which is not in images (nothing is pulled)");
                }
                commands.add(command);
            } catch (IllegalArgumentException e) {
                problems.add("setup[" + i + "]: " + e.getMessage());
            }
        }
        return commands;
    }

    /** The image as Docker names it ({@code nginx} is {@code docker.io/library/nginx:latest}), or as written when it is none. */
    private static String withTag(String image) {
        return ImageReference.tryParse(image).map(reference -> reference.withDefaultTag().toString()).orElse(image);
    }

    private List<CheckDefinition> checks(LabFile file, Problems problems) {
        List<CheckFile> raw = file.checks() == null ? List.of() : file.checks();
        problems.require(!raw.isEmpty(), "checks: a lab needs at least one check");
        Set<String> seen = new HashSet<>();
        List<CheckDefinition> checks = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            CheckFile check = raw.get(i);
            String where = "checks[" + i + "]";
            if (check == null) {
                problems.add(where + " is empty");
                continue;
            }
            problems.require(check.id() != null && ID.matcher(check.id()).matches(),
                    where + ".id must be lower-case letters, digits and dashes");
            problems.require(check.id() == null || seen.add(check.id()), where + ".id '" + check.id() + "' is used twice");
            problems.requireText(check.title(), where + ".title");
            Optional<CheckType> type = CheckType.of(check.type());
            if (type.isEmpty()) {
                problems.add(where + ".type '" + check.type() + "' is unknown; known types: " + CheckType.ids());
            } else {
                Map<String, Object> with = check.with() == null ? Map.of() : check.with();
                CheckType parameters = type.get();
                parameters.required().stream().filter(p -> !with.containsKey(p)).sorted()
                        .forEach(p -> problems.add(where + ".with." + p + " is required by type " + check.type()));
                problems.require(parameters.selectors().isEmpty()
                                || parameters.selectors().stream().anyMatch(with::containsKey),
                        where + ".with needs at least one of " + new TreeSet<>(parameters.selectors())
                                + " for type " + check.type());
                with.keySet().stream().filter(p -> !parameters.allows(p)).sorted()
                        .forEach(p -> problems.add(where + ".with." + p + " is not a parameter of type " + check.type()
                                + "; it takes " + parameters.all()));
            }
            checks.add(new CheckDefinition(check.id(), check.title(), check.type(), check.with(), check.hint()));
        }
        return checks;
    }

    private LabFile parse(Path metadata) {
        try {
            LabFile file = yaml.readValue(metadata.toFile(), LabFile.class);
            if (file == null) {
                throw new LabCatalogException(metadata + ": the file is empty.");
            }
            return file;
        } catch (JsonMappingException e) {
            throw new LabCatalogException(metadata + ": " + e.getOriginalMessage() + " at " + e.getPathReference(), e);
        } catch (IOException e) {
            throw new LabCatalogException(metadata + ": cannot be read as YAML: " + e.getMessage(), e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new LabCatalogException(file + ": cannot be read: " + e.getMessage(), e);
        }
    }

    /** Collects every fault of one file so the author fixes them in one go. */
    private static final class Problems {
        private final Path file;
        private final List<String> found = new ArrayList<>();

        Problems(Path file) {
            this.file = file;
        }

        void require(boolean condition, String problem) {
            if (!condition) {
                found.add(problem);
            }
        }

        void requireText(Text text, String field) {
            require(text != null && text.fr() != null && !text.fr().isBlank(), field + ".fr is required");
        }

        void add(String problem) {
            found.add(problem);
        }

        void throwIfAny() {
            if (!found.isEmpty()) {
                throw new LabCatalogException(file + ": " + String.join("; ", found));
            }
        }
    }
}
