package io.labfleet.validation.check;

import java.util.Set;

/**
 * A mount of a container. {@code names} is empty but for a volume: its name and, when compose made it, its
 * short name in the compose file. {@code source} is the host path of a bind mount.
 */
public record MountFacts(String type, Set<String> names, String source, String target, boolean readOnly) {

    public MountFacts {
        names = Set.copyOf(names);
    }

    @Override
    public String toString() {
        String from = switch (type) {
            case "volume" -> names.isEmpty() ? "(volume)" : names.iterator().next();
            case "bind" -> source;
            default -> "(" + type + ")";
        };
        return from + ":" + target + (readOnly ? ":ro" : "");
    }
}
