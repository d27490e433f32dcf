package io.labfleet.lab;

import java.util.Locale;

/** A text in French (the course's language) and, when written, English. */
public record Text(String fr, String en) {

    public static Text of(String fr, String en) {
        return new Text(fr, en);
    }

    /** The English text when asked for and available, French otherwise. */
    public String in(Locale locale) {
        if (locale != null && "en".equals(locale.getLanguage()) && en != null && !en.isBlank()) {
            return en;
        }
        return fr;
    }
}
