package io.labfleet.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Set;

/** How a sandbox of the API reads for the learner. */
final class Sandboxes {

    private static final Set<String> FINAL = Set.of("TERMINATED", "FAILED");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");

    private Sandboxes() {
    }

    static boolean isFinal(JsonNode sandbox) {
        return FINAL.contains(sandbox.path("state").asText());
    }

    /** {@code 14:32 (in 42 min)} in the learner's time zone. */
    static String expiry(JsonNode sandbox) {
        String at = sandbox.path("expiresAt").asText(null);
        if (at == null) {
            return "?";
        }
        Instant expires = Instant.parse(at);
        long minutes = Math.max(0, Duration.between(Instant.now(), expires).toMinutes());
        return TIME.format(expires.atZone(ZoneId.systemDefault())) + " (in " + minutes + " min)";
    }
}
