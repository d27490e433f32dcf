package io.labfleet.validation.check;

import io.labfleet.lab.Text;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Building the engine's messages, always in both languages. */
final class Texts {

    private Texts() {
    }

    static Text of(String fr, String en) {
        return new Text(fr, en);
    }

    static Text format(String fr, String en, Object... arguments) {
        return new Text(String.format(Locale.ROOT, fr, arguments), String.format(Locale.ROOT, en, arguments));
    }

    static Text join(List<Text> parts, String separatorFr, String separatorEn) {
        return new Text(parts.stream().map(Text::fr).collect(Collectors.joining(separatorFr)),
                parts.stream().map(Text::en).collect(Collectors.joining(separatorEn)));
    }

    /** Parts joined as a list in a sentence: "a ; b" in French, "a; b" in English. */
    static Text list(List<Text> parts) {
        return join(parts, " ; ", "; ");
    }

    /** Parts joined by spaces, empty ones left out. */
    static Text sentence(Text... parts) {
        return join(java.util.Arrays.stream(parts).filter(p -> !p.fr().isEmpty()).toList(), " ", " ");
    }

    /** At most {@code max} items, then "…": messages stay readable when a sandbox holds many objects. */
    static String few(List<String> items, int max) {
        if (items.isEmpty()) {
            return "-";
        }
        String shown = String.join(", ", items.subList(0, Math.min(max, items.size())));
        return items.size() > max ? shown + ", …" : shown;
    }
}
