package io.labfleet.validation.check;

import java.util.Map;

/** A volume as {@code docker volume inspect} shows it. */
public record VolumeFacts(String name, String driver, Map<String, String> labels) {

    public VolumeFacts {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** Its name, or its short name in a compose file. */
    public boolean answersTo(String wanted) {
        return ComposeNames.VOLUME.answersTo(wanted, name, labels);
    }
}
