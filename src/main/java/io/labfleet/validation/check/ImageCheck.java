package io.labfleet.validation.check;

import io.labfleet.commons.ImageReference;
import java.util.Set;
import io.labfleet.lab.CheckType;
import io.labfleet.commons.Strings;
import io.labfleet.lab.Text;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code image}: an image known as {@code name} (any tag of it when the name has none) exists and meets the
 * expectations: {@code maxSize} (as {@code docker images} counts, {@code 50MB}), {@code user}, {@code cmd},
 * {@code entrypoint} (exec or shell form: {@code ["python", "app.py"]} also matches {@code CMD python app.py}),
 * {@code env}, {@code exposedPorts}, {@code workdir}, {@code labels}, {@code healthcheck}, and {@code history}:
 * texts that the build steps contain, in this order (oldest first, other steps in between allowed).
 */
final class ImageCheck implements Check {

    private static final Text ADVICE = Texts.of(
            "Reconstruisez l'image (docker build -t …) pour qu'elle corresponde, puis relancez la validation.",
            "Build the image again (docker build -t …) so that it matches, then validate again.");

    /** Every expectation of an {@code image} check but which image. */
    private static final ExpectationTable<ImageFacts> EXPECTATIONS = new ExpectationTable<ImageFacts>(
            CheckType.IMAGE, Set.of("name"))
            .one("maxSize", params -> maxSize(params.parse("maxSize", params.requiredString("maxSize"),
                    v -> ByteSize.disk(v.toString()))))
            .one("user", params -> {
                List<String> users = params.strings("user");
                return new Expectation<>(Texts.format("USER %s", "USER %s", String.join("/", users)),
                        (i, e) -> ConfigRules.userMismatch(users, i.config().user()));
            })
            .one("cmd", params -> command("CMD", params.raw("cmd"), i -> i.config().cmd()))
            .one("entrypoint", params -> command("ENTRYPOINT", params.raw("entrypoint"), i -> i.config().entrypoint()))
            .one("env", params -> {
                Map<String, String> env = ConfigRules.expectedEnv(params, "env");
                return new Expectation<>(ConfigRules.envText(env),
                        (i, e) -> ConfigRules.envMismatch(env, i.config().env()));
            })
            .one("exposedPorts", params -> exposedPorts(params.parseEach("exposedPorts", PortSpec::parse)))
            .one("workdir", params -> {
                String workdir = params.requiredString("workdir");
                return new Expectation<>(Texts.format("WORKDIR %s", "WORKDIR %s", workdir),
                        (i, e) -> workdir.equals(i.config().workdir()) ? Optional.empty()
                                : Optional.of(Texts.format("WORKDIR %s (attendu %s)", "WORKDIR %s (expected %s)",
                                i.config().workdir().isEmpty() ? "/" : i.config().workdir(), workdir)));
            })
            .one("labels", params -> labels(params.map("labels")))
            .one("healthcheck", params -> {
                boolean wanted = params.bool("healthcheck").orElseThrow();
                return new Expectation<>(wanted ? Texts.of("HEALTHCHECK", "HEALTHCHECK")
                        : Texts.of("sans HEALTHCHECK", "no HEALTHCHECK"),
                        (i, e) -> ConfigRules.healthcheckMismatch(wanted, i.config().healthcheck()));
            })
            .one("history", params -> history(params.strings("history")))
            .and(ImageBuildExpectations.IMAGE)
            .complete();

    private final ImageReference name;
    private final List<Expectation<ImageFacts>> expectations;

    ImageCheck(Params params) {
        this.name = params.parse("name", params.requiredString("name"), v -> ImageReference.parse(v.toString()));
        this.expectations = EXPECTATIONS.from(params);
    }

    @Override
    public Verdict evaluate(Evidence evidence) {
        ImageCatalog images = evidence.images();
        List<ImageFacts> picked = images.named(name);
        String present = Texts.few(images.all().stream().filter(i -> !i.dangling()).map(ImageFacts::displayName).toList(), 8);
        Text noneFound = Texts.format("Aucune image « %s » dans la sandbox (images : %s).",
                "No image %s in the sandbox (images: %s).", name, present);
        return new Candidates<>(picked, expectations, 1, ImageCheck::show).judge(evidence, noneFound, ADVICE);
    }

    private static Text show(ImageFacts image) {
        return Texts.format("« %s » (%s)", "%s (%s)", image.displayName(), ByteSize.formatDisk(image.size()));
    }

    private static Expectation<ImageFacts> maxSize(long bytes) {
        String wanted = ByteSize.formatDisk(bytes);
        return new Expectation<>(Texts.format("au plus %s", "at most %s", wanted), (i, e) -> i.size() <= bytes
                ? Optional.empty()
                : Optional.of(Texts.format("taille %s (au plus %s attendu)", "size %s (at most %s expected)",
                ByteSize.formatDisk(i.size()), wanted)));
    }

    private static Expectation<ImageFacts> command(String instruction, Object expected,
                                                   java.util.function.Function<ImageFacts, List<String>> actual) {
        List<String> wanted = expected instanceof List<?> list ? list.stream().map(String::valueOf).toList() : null;
        String wantedText = wanted != null ? String.join(" ", wanted) : String.valueOf(expected);
        return new Expectation<>(Texts.format("%s %s", "%s %s", instruction, wantedText), (i, e) -> {
            List<String> command = actual.apply(i);
            boolean shellForm = command.size() == 3 && command.get(0).equals("/bin/sh") && command.get(1).equals("-c");
            boolean met = wanted != null
                    ? command.equals(wanted) || (shellForm && command.get(2).equals(wantedText))
                    : String.join(" ", command).equals(wantedText) || (shellForm && command.get(2).equals(wantedText));
            return met ? Optional.empty() : Optional.of(Texts.format("%s %s (attendu %s)", "%s %s (expected %s)",
                    instruction, command, wantedText));
        });
    }

    private static Expectation<ImageFacts> exposedPorts(List<PortSpec> ports) {
        List<String> wanted = ports.stream().map(p -> p.containerPort() + "/" + p.protocol()).toList();
        return new Expectation<>(Texts.format("EXPOSE %s", "EXPOSE %s", String.join(" ", wanted)), (i, e) -> {
            List<String> missing = wanted.stream().filter(p -> !i.config().exposedPorts().contains(p)).toList();
            return missing.isEmpty() ? Optional.empty() : Optional.of(Texts.format(
                    "EXPOSE %s absent (ports exposés : %s)", "EXPOSE %s missing (exposed ports: %s)",
                    String.join(" ", missing), Texts.few(List.copyOf(i.config().exposedPorts()), 8)));
        });
    }

    private static Expectation<ImageFacts> labels(Map<String, Object> labels) {
        Map<String, String> wanted = new LinkedHashMap<>();
        labels.forEach((k, v) -> wanted.put(k, v == null ? null : String.valueOf(v)));
        return new Expectation<>(Texts.format("LABEL %s", "LABEL %s", wanted.keySet()), (i, e) -> {
            List<String> problems = wanted.entrySet().stream().filter(w -> {
                String actual = i.config().labels().get(w.getKey());
                return actual == null || (w.getValue() != null && !w.getValue().equals(actual));
            }).map(w -> w.getKey() + "=" + i.config().labels().getOrDefault(w.getKey(), "∅")).toList();
            return problems.isEmpty() ? Optional.empty() : Optional.of(Texts.format(
                    "labels %s (attendu %s)", "labels %s (expected %s)", problems, wanted));
        });
    }

    private static Expectation<ImageFacts> history(List<String> steps) {
        return new Expectation<>(Texts.format("étapes %s dans cet ordre", "steps %s in this order", steps), (i, e) -> {
            List<ImageLayer> newestFirst = e.history(i.id());
            List<String> oldestFirst = new ArrayList<>();
            for (int index = newestFirst.size() - 1; index >= 0; index--) {
                oldestFirst.add(newestFirst.get(index).createdBy());
            }
            int met = 0;
            for (String createdBy : oldestFirst) {
                if (met < steps.size() && createdBy.contains(steps.get(met))) {
                    met++;
                }
            }
            if (met == steps.size()) {
                return Optional.empty();
            }
            String built = Texts.few(oldestFirst.stream().map(ImageCheck::shortStep).filter(step -> !step.isEmpty())
                    .toList(), 12);
            return Optional.of(met == 0
                    ? Texts.format("aucune étape ne contient « %s » (étapes : %s)", "no step contains %s (steps: %s)",
                    steps.get(0), built)
                    : Texts.format("aucune étape contenant « %s » après « %s » (étapes : %s)",
                    "no step containing %s after %s (steps: %s)", steps.get(met), steps.get(met - 1), built));
        });
    }

    /** A history line without the shell wrapper the builder adds ({@code /bin/sh -c #(nop) }). */
    static String shortStep(String createdBy) {
        String step = createdBy.replace("/bin/sh -c #(nop) ", "").replace("/bin/sh -c ", "RUN ").strip();
        return Strings.truncate(step, 60);
    }
}
