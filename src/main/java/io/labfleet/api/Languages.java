package io.labfleet.api;

import jakarta.ws.rs.core.HttpHeaders;

import java.util.Locale;

/** The language of messages: English when the client prefers it (Accept-Language), French (the course's) otherwise. */
final class Languages {

    private Languages() {
    }

    static Locale of(HttpHeaders headers) {
        for (Locale wanted : headers.getAcceptableLanguages()) {
            if (wanted.getLanguage().equals("en")) {
                return Locale.ENGLISH;
            }
            if (wanted.getLanguage().equals("fr")) {
                return Locale.FRENCH;
            }
        }
        return Locale.FRENCH;
    }
}
