package io.labfleet.validation.check;

import java.util.Map;

/**
 * Docker Compose prefixes what it creates with the project name ({@code monapp_web_1}, {@code monapp_data}) and
 * records the name from the compose file in a label. A lab names things as the learner wrote them, so an object
 * answers to its own name and to that short name.
 */
public enum ComposeNames {
    CONTAINER("com.docker.compose.service"),
    VOLUME("com.docker.compose.volume"),
    NETWORK("com.docker.compose.network");

    private final String label;

    ComposeNames(String label) {
        this.label = label;
    }

    public boolean answersTo(String wanted, String name, Map<String, String> labels) {
        return wanted.equals(name) || wanted.equals(labels.get(label));
    }
}
