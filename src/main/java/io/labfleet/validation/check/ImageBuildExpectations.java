package io.labfleet.validation.check;

import io.labfleet.commons.ImageReference;
import java.util.Set;
import io.labfleet.lab.CheckType;
import io.labfleet.commons.Strings;
import io.labfleet.lab.Text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a built image is asked for, each read from one parameter of an {@code image} check: {@code nonRoot} (its
 * {@code USER}), {@code envAbsent} (variables it must not set: a build argument is not left in the environment of
 * every container), {@code execForm} (neither {@code ENTRYPOINT} nor {@code CMD} in shell form, so the program, not
 * {@code /bin/sh}, is PID 1), {@code platform} ({@code linux/arm64}, or just the architecture), {@code files}
 * ({@code [{path, contains | equals | absent: true}]}), {@code program} ({@code {contains | equals}}: the file the
 * image starts, found through its {@code PATH} and {@code WORKDIR}) and {@code reusesCacheOf}
 * ({@code {image, through}}: rebuilt after a change, the image took from the build cache every step of that other
 * image up to the step containing {@code through}, and still differs from it). Files are read through a
 * container of the image that is created but never started, so images of any architecture can be read.
 */
final class ImageBuildExpectations {

    private static final List<String> DEFAULT_PATH = List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin",
            "/usr/bin", "/sbin", "/bin");
    private static final Map<String, String> ARCHITECTURE_ALIASES = Map.of("x86_64", "amd64", "aarch64", "arm64",
            "armhf", "arm");

    private ImageBuildExpectations() {
    }

    /** The build expectations of an {@code image} check (see {@link ImageCheck}). */
    static final ExpectationTable<ImageFacts> IMAGE = new ExpectationTable<ImageFacts>(CheckType.IMAGE, Set.of())
            .one("nonRoot", params -> SecurityExpectations.nonRoot(params.bool("nonRoot").orElseThrow(),
                    i -> i.config().user()))
            .ifTrue("execForm", ImageBuildExpectations::execForm)
            .one("envAbsent", params -> envAbsent(params.strings("envAbsent")))
            .one("platform", params -> platform(params, params.requiredString("platform")))
            .many("files", params -> params.list("files").stream().map(file -> file(params, file)).toList())
            .one("program", params -> program(FileContent.parse(params, "program", params.map("program"), false)))
            .one("reusesCacheOf", ImageBuildExpectations::reusesCacheOf);

    /** What a file must hold: {@code contains}, {@code equals}, or ({@code absent: true}) not be there at all. */
    private record FileContent(String contains, String equals, boolean absent) {

        static FileContent parse(Params params, String name, Map<String, Object> spec, boolean withPath) {
            List<String> fields = withPath ? List.of("path", "contains", "equals", "absent") : List.of("contains", "equals");
            spec.keySet().stream().filter(k -> !fields.contains(k)).findFirst().ifPresent(k -> {
                throw params.invalid(name, "has no field '" + k + "'; it takes " + String.join(", ", fields));
            });
            Object absent = spec.get("absent");
            if (absent != null && !(absent instanceof Boolean)) {
                throw params.invalid(name, "absent must be true or false, got " + absent);
            }
            return new FileContent(spec.get("contains") == null ? null : spec.get("contains").toString(),
                    spec.get("equals") == null ? null : spec.get("equals").toString(), Boolean.TRUE.equals(absent));
        }

        Text describe(String path) {
            return absent ? Texts.format("pas de fichier %s", "no file %s", path)
                    : contains != null ? Texts.format("%s contenant « %s »", "%s containing \"%s\"", path, contains)
                    : equals != null ? Texts.format("%s = « %s »", "%s = \"%s\"", path, equals)
                    : Texts.format("fichier %s", "file %s", path);
        }

        Optional<Text> mismatch(String path, Optional<String> content) {
            if (absent) {
                return content.isEmpty() ? Optional.empty()
                        : Optional.of(Texts.format("l'image contient %s", "the image holds %s", path));
            }
            if (content.isEmpty()) {
                return Optional.of(Texts.format("pas de fichier %s dans l'image", "no file %s in the image", path));
            }
            String text = content.get();
            boolean met = contains != null ? text.contains(contains) : equals == null || text.strip().equals(equals.strip());
            String start = text.strip().lines().findFirst().orElse("");
            String shown = Strings.truncate(start, 60);
            return met ? Optional.empty() : Optional.of(Texts.format("%s ne contient pas « %s » (il commence par « %s »)",
                    "%s does not hold \"%s\" (it starts with \"%s\")", path, contains != null ? contains : equals, shown));
        }
    }

    private static Expectation<ImageFacts> envAbsent(List<String> names) {
        return new Expectation<>(Texts.format("sans variable %s", "no variable %s", String.join(", ", names)), (i, e) -> {
            List<String> set = i.config().env().stream()
                    .filter(entry -> names.contains(entry.contains("=") ? entry.substring(0, entry.indexOf('=')) : entry))
                    .toList();
            return set.isEmpty() ? Optional.empty() : Optional.of(Texts.format(
                    "l'image garde %s dans l'environnement de chaque conteneur",
                    "the image keeps %s in the environment of every container", String.join(", ", set)));
        });
    }

    private static boolean shellForm(List<String> command) {
        return command.size() >= 2 && (command.get(0).equals("/bin/sh") || command.get(0).equals("sh"))
                && command.get(1).equals("-c");
    }

    private static Expectation<ImageFacts> execForm() {
        return new Expectation<>(Texts.of("ENTRYPOINT et CMD en forme exec", "ENTRYPOINT and CMD in exec form"), (i, e) -> {
            List<String> entrypoint = i.config().entrypoint();
            List<String> cmd = i.config().cmd();
            if (entrypoint.isEmpty() && cmd.isEmpty()) {
                return Optional.of(Texts.of("ni ENTRYPOINT ni CMD", "neither ENTRYPOINT nor CMD"));
            }
            String instruction = shellForm(entrypoint) ? "ENTRYPOINT" : shellForm(cmd) ? "CMD" : null;
            if (instruction == null) {
                return Optional.empty();
            }
            String script = (shellForm(entrypoint) ? entrypoint : cmd).get(2);
            return Optional.of(Texts.format("%s en forme shell : /bin/sh -c « %s » (sh est le PID 1, pas le programme)",
                    "%s in shell form: /bin/sh -c \"%s\" (sh is PID 1, not the program)", instruction, script));
        });
    }

    private static Expectation<ImageFacts> platform(Params params, String wanted) {
        String[] parts = wanted.toLowerCase(Locale.ROOT).split("/");
        if (parts.length > 3 || parts[0].isBlank()) {
            throw params.invalid("platform", "must be like linux/arm64 or arm64, got " + wanted);
        }
        String os = parts.length >= 2 ? parts[0] : null;
        String architecture = architecture(parts.length >= 2 ? parts[1] : parts[0]);
        return new Expectation<>(Texts.format("plateforme %s", "platform %s", wanted), (i, e) -> {
            boolean met = architecture.equals(architecture(i.platform().architecture()))
                    && (os == null || os.equals(i.platform().os()));
            return met ? Optional.empty() : Optional.of(Texts.format("construite pour %s (attendu %s)",
                    "built for %s (expected %s)", i.platform(), wanted));
        });
    }

    private static String architecture(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return ARCHITECTURE_ALIASES.getOrDefault(lower, lower);
    }

    private static Expectation<ImageFacts> file(Params params, Object raw) {
        if (!(raw instanceof Map<?, ?> map) || map.get("path") == null || !map.get("path").toString().startsWith("/")) {
            throw params.invalid("files", "entries are {path: /absolute/path, contains | equals | absent: true}, got " + raw);
        }
        Map<String, Object> spec = new java.util.LinkedHashMap<>();
        map.forEach((k, v) -> spec.put(String.valueOf(k), v));
        String path = spec.get("path").toString();
        FileContent content = FileContent.parse(params, "files", spec, true);
        return new Expectation<>(content.describe(path),
                (i, e) -> content.mismatch(path, e.daemon().readImageFile(i.id(), path)));
    }

    private static Expectation<ImageFacts> program(FileContent content) {
        String wanted = content.contains() != null ? content.contains() : content.equals();
        return new Expectation<>(Texts.format("programme lancé contenant « %s »", "started program holding \"%s\"",
                wanted), (i, e) -> {
            Optional<String> name = startedProgram(i.config());
            if (name.isEmpty()) {
                return Optional.of(Texts.of("l'image ne lance aucun programme (ni ENTRYPOINT ni CMD)",
                        "the image starts no program (neither ENTRYPOINT nor CMD)"));
            }
            for (String path : candidates(name.get(), i.config())) {
                Optional<String> file = e.daemon().readImageFile(i.id(), path);
                if (file.isPresent()) {
                    return content.mismatch(path, file);
                }
            }
            return Optional.of(Texts.format("le programme lancé, %s, n'est pas dans l'image",
                    "the program it starts, %s, is not in the image", name.get()));
        });
    }

    /** The program a container of the image runs first: the ENTRYPOINT's, else the CMD's (in shell form, its first word). */
    static Optional<String> startedProgram(ImageFacts.Config config) {
        List<String> command = config.entrypoint().isEmpty() ? config.cmd() : config.entrypoint();
        if (command.isEmpty()) {
            return Optional.empty();
        }
        if (shellForm(command)) {
            String[] words = command.size() > 2 ? command.get(2).trim().split("\\s+") : new String[0];
            return words.length == 0 || words[0].isEmpty() ? Optional.empty() : Optional.of(words[0]);
        }
        return Optional.of(command.get(0));
    }

    /** Where the engine would look for the program: as given when it holds a /, else in each folder of PATH. */
    static List<String> candidates(String program, ImageFacts.Config config) {
        if (program.startsWith("/")) {
            return List.of(program);
        }
        if (program.contains("/")) {
            String workdir = config.workdir().isEmpty() ? "/" : config.workdir();
            return List.of((workdir.endsWith("/") ? workdir : workdir + "/") + program.replaceFirst("^\\./", ""));
        }
        List<String> path = config.env().stream().filter(v -> v.startsWith("PATH=")).findFirst()
                .map(v -> List.of(v.substring(5).split(":"))).orElse(DEFAULT_PATH);
        return path.stream().filter(folder -> !folder.isEmpty())
                .map(folder -> (folder.endsWith("/") ? folder : folder + "/") + program).toList();
    }

    private static Expectation<ImageFacts> reusesCacheOf(Params params) {
        Map<String, Object> spec = params.map("reusesCacheOf");
        spec.keySet().stream().filter(k -> !k.equals("image") && !k.equals("through")).findFirst().ifPresent(k -> {
            throw params.invalid("reusesCacheOf", "has no field '" + k + "'; it takes image and through");
        });
        if (spec.get("image") == null || spec.get("through") == null) {
            throw params.invalid("reusesCacheOf", "needs image (the earlier build) and through (text of the step)");
        }
        ImageReference earlier = params.parse("reusesCacheOf", spec.get("image"), v -> ImageReference.parse(v.toString()));
        String through = spec.get("through").toString();
        return new Expectation<>(Texts.format("étapes jusqu'à « %s » reprises du cache de %s",
                "steps up to %s taken from the build cache of %s", through, earlier), (i, e) -> {
            List<ImageFacts> found = e.images().named(earlier);
            if (found.isEmpty()) {
                return Optional.of(Texts.format("pas d'image %s à comparer (construisez-la d'abord)",
                        "no image %s to compare with (build it first)", earlier));
            }
            ImageFacts before = found.get(0);
            if (before.id().equals(i.id())) {
                return Optional.of(Texts.format("même image que %s : rien n'a changé entre les deux constructions",
                        "the same image as %s: nothing changed between the two builds", earlier));
            }
            return CacheComparison.of(oldestFirst(e.history(i.id())), oldestFirst(e.history(before.id())), through)
                    .mismatch(earlier.toString());
        });
    }

    private static List<ImageLayer> oldestFirst(List<ImageLayer> newestFirst) {
        List<ImageLayer> steps = new ArrayList<>(newestFirst);
        java.util.Collections.reverse(steps);
        return steps;
    }

    /** Where two builds' histories part, compared with the step that should have come from the cache. */
    record CacheComparison(int through, int firstDifference, List<ImageLayer> steps, String step) {

        static CacheComparison of(List<ImageLayer> rebuilt, List<ImageLayer> earlier, String through) {
            int target = indexOf(rebuilt, through);
            int difference = 0;
            while (difference < rebuilt.size() && difference < earlier.size()
                    && rebuilt.get(difference).sameStepAs(earlier.get(difference))) {
                difference++;
            }
            return new CacheComparison(target, difference, rebuilt, through);
        }

        private static int indexOf(List<ImageLayer> steps, String text) {
            for (int index = 0; index < steps.size(); index++) {
                if (steps.get(index).createdBy().contains(text)) {
                    return index;
                }
            }
            return -1;
        }

        Optional<Text> mismatch(String earlier) {
            if (through < 0) {
                return Optional.of(Texts.format("aucune étape ne contient « %s »", "no step contains \"%s\"", step));
            }
            if (firstDifference > through) {
                return Optional.empty();
            }
            String changed = ImageCheck.shortStep(steps.get(firstDifference).createdBy());
            return Optional.of(Texts.format(
                    "l'étape « %s » a été rejouée au lieu de venir du cache : dès l'étape « %s », la construction diffère de %s",
                    "the step \"%s\" ran again instead of coming from the cache: from the step \"%s\" on, the build differs from %s",
                    step, changed, earlier));
        }
    }
}
