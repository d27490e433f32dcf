package io.labfleet.validation.check;

import io.labfleet.lab.Text;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The common shape of the object checks: among the objects the selectors picked, at least {@code count} must
 * meet every expectation. When not enough do, the message shows the closest one and what differs in it, so the
 * learner sees what to change.
 *
 * @param describe how to show one object in a message, e.g. "« isole » (busybox, running)"
 */
record Candidates<T>(List<T> picked, List<Expectation<T>> expectations, int count, Function<T, Text> describe) {

    Verdict judge(Evidence evidence, Text noneFound, Text advice) {
        if (picked.isEmpty()) {
            return Verdict.fail(noneFound, advice);
        }
        Map<T, List<Text>> differences = new java.util.LinkedHashMap<>();
        for (T object : picked) {
            List<Text> mismatches = new ArrayList<>();
            for (Expectation<T> expectation : expectations) {
                expectation.mismatchOf(object, evidence).ifPresent(mismatches::add);
            }
            differences.put(object, mismatches);
        }
        List<T> meeting = picked.stream().filter(o -> differences.get(o).isEmpty()).toList();
        if (meeting.size() >= count) {
            return Verdict.pass(passed(meeting));
        }
        Optional<T> closest = picked.stream().filter(o -> !differences.get(o).isEmpty())
                .min(Comparator.comparingInt(o -> differences.get(o).size()));
        Text found;
        if (closest.isEmpty()) {
            found = new Text(String.format("Seulement %d sur les %d attendus (%s).", meeting.size(), count,
                    names(meeting).fr()), String.format("Only %d of the %d expected (%s).", meeting.size(), count,
                    names(meeting).en()));
        } else {
            Text whatDiffers = Texts.list(differences.get(closest.get()));
            Text shown = describe.apply(closest.get());
            if (!meeting.isEmpty()) {
                found = new Text(String.format("Seulement %d sur les %d attendus convient (%s) ; %s : %s.",
                        meeting.size(), count, names(meeting).fr(), shown.fr(), whatDiffers.fr()),
                        String.format("Only %d of the %d expected match (%s); %s: %s.", meeting.size(), count,
                                names(meeting).en(), shown.en(), whatDiffers.en()));
            } else if (picked.size() == 1) {
                found = new Text(shown.fr() + " ne convient pas : " + whatDiffers.fr() + ".",
                        shown.en() + " does not match: " + whatDiffers.en() + ".");
            } else {
                found = new Text("Aucun des " + picked.size() + " candidats ne convient ; le plus proche, " + shown.fr()
                        + " : " + whatDiffers.fr() + ".", "None of the " + picked.size()
                        + " candidates matches; the closest, " + shown.en() + ": " + whatDiffers.en() + ".");
            }
        }
        return Verdict.fail(found, advice);
    }

    private Text passed(List<T> meeting) {
        Text expected = Texts.join(expectations.stream().map(Expectation::expected).toList(), ", ", ", ");
        Text who = names(meeting);
        return expectations.isEmpty()
                ? new Text("Trouvé : " + who.fr() + ".", "Found: " + who.en() + ".")
                : new Text("Trouvé : " + who.fr() + " — " + expected.fr() + ".",
                "Found: " + who.en() + " — " + expected.en() + ".");
    }

    private Text names(List<T> objects) {
        List<Text> shown = objects.stream().limit(5).map(describe).toList();
        return new Text(shown.stream().map(Text::fr).collect(Collectors.joining(", ")),
                shown.stream().map(Text::en).collect(Collectors.joining(", ")));
    }
}
