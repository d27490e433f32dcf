package io.labfleet.lab;

import java.util.Map;
import java.util.Set;

/**
 * The check types a lab may use, with the parameters each requires. The loader refuses a lab that names
 * another type or omits a required parameter, so a typo fails at start-up rather than during a class.
 */
public final class CheckTypes {

    private static final Map<String, Set<String>> REQUIRED = Map.ofEntries(
            Map.entry("container", Set.of("name")),
            Map.entry("container-absent", Set.of("name")),
            Map.entry("container-events", Set.of("name", "actions")),
            Map.entry("image", Set.of("name")),
            Map.entry("volume", Set.of("name")),
            Map.entry("network", Set.of("name")),
            Map.entry("probe", Set.of("from", "target")),
            Map.entry("daemon", Set.of()));

    private CheckTypes() {
    }

    public static boolean isKnown(String type) {
        return REQUIRED.containsKey(type);
    }

    public static Set<String> known() {
        return REQUIRED.keySet();
    }

    public static Set<String> requiredParameters(String type) {
        return REQUIRED.getOrDefault(type, Set.of());
    }
}
