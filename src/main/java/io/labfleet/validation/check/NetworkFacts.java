package io.labfleet.validation.check;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A network as {@code docker network inspect} shows it, with the names of the containers attached. */
public record NetworkFacts(String id, String name, String driver, boolean internal, Map<String, String> labels,
                           Instant created, List<String> members) {

    public NetworkFacts {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        members = List.copyOf(members);
    }

    /** Its name, or its short name in a compose file. */
    public boolean answersTo(String wanted) {
        return ComposeNames.NETWORK.answersTo(wanted, name, labels);
    }
}
