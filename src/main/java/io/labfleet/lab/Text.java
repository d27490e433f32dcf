package io.labfleet.lab;

import java.time.Duration;
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

    /**
     * A duration as a message says it in either language: {@code 20 s}, or {@code 300 ms} when whole seconds would
     * round it (down to {@code 0 s}).
     */
    public static String duration(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }
}
