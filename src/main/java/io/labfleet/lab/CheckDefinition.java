package io.labfleet.lab;

import java.util.Map;

/**
 * One declarative check of a lab: what to look at ({@code type} and its parameters) and what to tell
 * the learner. The validation engine gives each type its meaning.
 */
public record CheckDefinition(String id, Text title, String type, Map<String, Object> with, Text hint) {

    public CheckDefinition {
        with = with == null ? Map.of() : Map.copyOf(with);
    }
}
