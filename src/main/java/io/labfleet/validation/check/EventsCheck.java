package io.labfleet.validation.check;

import io.labfleet.commons.ImageReference;
import io.labfleet.lab.Text;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code container-events} and {@code events}: the daemon's event history (what {@code docker events --since}
 * shows) holds, for one object, the {@code actions} steps in order (see {@link EventStep}). The object is picked
 * by {@code name} (for images any of its names, for containers also the compose service name) and, for containers,
 * {@code image}; each container, image, volume or network is one object, so a container removed and created again
 * under the same name does not mix its two lives.
 */
final class EventsCheck implements Check {

    static final Set<String> OBJECTS = Set.of("container", "image", "volume", "network");

    private static final Text ADVICE = Texts.of(
            "Refaites l'étape qui manque : la validation lit l'historique des événements du démon (docker events).",
            "Do the missing step again: the validation reads the daemon's event history (docker events).");

    private final String object;
    private final String name;
    private final ImageReference image;
    private final EventSequence sequence;

    EventsCheck(Params params, String object) {
        this.object = object;
        if (!OBJECTS.contains(object)) {
            throw params.invalid("object", "must be one of " + OBJECTS + ", got " + object);
        }
        this.name = params.string("name").orElse(null);
        this.image = object.equals("container") ? ContainerSelector.from(params, false).image() : null;
        List<String> steps = params.strings("actions");
        this.sequence = params.parse("actions", steps, v -> EventSequence.parse(steps));
    }

    @Override
    public Verdict evaluate(Evidence evidence) {
        EventHistory history = evidence.events();
        Map<String, List<DaemonEvent>> byObject = new LinkedHashMap<>();
        for (DaemonEvent event : history.ofType(object)) {
            byObject.computeIfAbsent(event.actorId(), id -> new ArrayList<>()).add(event);
        }
        List<List<DaemonEvent>> picked = byObject.values().stream()
                .filter(events -> events.stream().anyMatch(e -> picks(e, evidence.images()))).toList();
        if (picked.isEmpty()) {
            return Verdict.fail(Texts.sentence(nothingFound(), forgetfulness(history)), ADVICE);
        }
        List<DaemonEvent> closest = picked.stream()
                .max(Comparator.comparingInt(sequence::metSteps)).orElseThrow();
        int met = sequence.metSteps(closest);
        Text subject = subject(closest);
        if (met == sequence.steps().size()) {
            return Verdict.pass(new Text(capitalise(subject.fr()) + " : " + sequence + " dans l'historique du démon.",
                    capitalise(subject.en()) + ": " + sequence + " in the daemon's history."));
        }
        Text missing = missingStep(sequence, met, closest);
        return Verdict.fail(Texts.sentence(new Text(capitalise(subject.fr()) + " : " + missing.fr() + ".",
                capitalise(subject.en()) + ": " + missing.en() + "."), forgetfulness(history)), ADVICE);
    }

    private boolean picks(DaemonEvent event, ImageCatalog images) {
        boolean named = name == null || switch (object) {
            case "container" -> ComposeNames.CONTAINER.answersTo(name, event.name() == null ? "" : event.name(),
                    event.attributes());
            case "image" -> ImageReference.tryParse(name).map(wanted -> images.matches(wanted,
                    event.name(), event.actorId())).orElse(event.actorId().startsWith(name));
            default -> name.equals(event.actorId()) || name.equals(event.name());
        };
        return named && (image == null || images.matches(image, event.attributes().get("image"), null));
    }

    /** "événements vus : create, start ; il manque « die » après « start »" */
    static Text missingStep(EventSequence sequence, int met, List<DaemonEvent> events) {
        String seen = Texts.few(events.stream()
                .map(e -> e.detail().isEmpty() ? e.action() : e.action() + " " + e.detail()).toList(), 12);
        String next = sequence.steps().get(met).toString();
        if (met == 0) {
            return Texts.format("événements vus : %s ; il manque « %s »", "events seen: %s; missing: %s", seen, next);
        }
        String previous = sequence.steps().get(met - 1).toString();
        return Texts.format("événements vus : %s ; il manque « %s » après « %s »",
                "events seen: %s; missing: %s after %s", seen, next, previous);
    }

    private Text nothingFound() {
        String what = name == null ? "" : " « " + name + " »";
        String whatEn = name == null ? "" : " " + name;
        String of = image == null ? "" : " de l'image « " + image + " »";
        String ofEn = image == null ? "" : " of image " + image;
        return switch (object) {
            case "container" -> new Text("L'historique du démon ne montre aucun conteneur" + what + of + ".",
                    "The daemon's history shows no container" + whatEn + ofEn + ".");
            case "image" -> new Text("L'historique du démon ne montre aucune image" + what + ".",
                    "The daemon's history shows no image" + whatEn + ".");
            case "volume" -> new Text("L'historique du démon ne montre aucun volume" + what + ".",
                    "The daemon's history shows no volume" + whatEn + ".");
            default -> new Text("L'historique du démon ne montre aucun réseau" + what + ".",
                    "The daemon's history shows no network" + whatEn + ".");
        };
    }

    private Text subject(List<DaemonEvent> events) {
        DaemonEvent last = events.get(events.size() - 1);
        String shortId = shortId(last.actorId());
        String shown = last.name() == null || ImageReference.looksLikeId(last.name()) ? shortId : last.name();
        String suffix = shown.equals(shortId) || object.equals("volume") ? "" : " (" + shortId + ")";
        return switch (object) {
            case "container" -> new Text("le conteneur « " + shown + " »" + suffix, "container " + shown + suffix);
            case "image" -> new Text("l'image « " + shown + " »" + suffix, "image " + shown + suffix);
            case "volume" -> new Text("le volume « " + shown + " »", "volume " + shown);
            default -> new Text("le réseau « " + shown + " »" + suffix, "network " + shown + suffix);
        };
    }

    private static String shortId(String id) {
        String hex = id.startsWith("sha256:") ? id.substring(7) : id;
        return ImageReference.looksLikeId(hex) ? hex.substring(0, 12) : id;
    }

    private static Text forgetfulness(EventHistory history) {
        return history.mayMissOlderEvents()
                ? Texts.format("(Le démon ne garde que ses %d derniers événements : les plus anciens sont oubliés.)",
                "(The daemon keeps only its last %d events: older ones are forgotten.)", EventHistory.DAEMON_MEMORY)
                : Texts.of("", "");
    }

    private static String capitalise(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
