package io.labfleet.lab;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The check types a lab may use and the parameters each takes. The loader refuses a lab that names another
 * type, omits a required parameter, gives none of a type's selectors, or names a parameter the type does not
 * know, so a typo fails at start-up rather than during a class. What each parameter means is the validation
 * engine's business (and {@code labs/README.md}'s).
 */
public final class CheckTypes {

    /**
     * The parameters of one check type.
     *
     * @param required  every one must be given
     * @param selectors at least one must be given (empty: none needed)
     * @param optional  may be given
     */
    public record Parameters(Set<String> required, Set<String> selectors, Set<String> optional) {

        public Parameters {
            required = Set.copyOf(required);
            selectors = Set.copyOf(selectors);
            optional = Set.copyOf(optional);
        }

        public boolean allows(String parameter) {
            return required.contains(parameter) || selectors.contains(parameter) || optional.contains(parameter);
        }

        /** Every parameter the type knows, sorted. */
        public Set<String> all() {
            Set<String> all = new TreeSet<>(required);
            all.addAll(selectors);
            all.addAll(optional);
            return all;
        }
    }

    private static final Set<String> CONTAINER_EXPECTATIONS = Set.of("state", "exitCode", "ports", "mounts", "env",
            "user", "init", "restart", "healthcheck", "health", "log", "memory", "cpus", "pid", "networks", "changes",
            "events", "readOnly", "createdAfterReady", "count", "nonRoot", "capDrop", "capAdd", "noNewPrivileges",
            "pidsLimit", "maxLogSize", "neverStopped", "labels");

    private static final Map<String, Parameters> TYPES = Map.ofEntries(
            Map.entry("container", new Parameters(Set.of(), Set.of(), union(Set.of("name", "image"), CONTAINER_EXPECTATIONS))),
            Map.entry("container-absent", new Parameters(Set.of(), Set.of("name", "image", "state"), Set.of())),
            Map.entry("container-events", new Parameters(Set.of("actions"), Set.of(), Set.of("name", "image"))),
            Map.entry("events", new Parameters(Set.of("object", "actions"), Set.of(), Set.of("name"))),
            Map.entry("image", new Parameters(Set.of("name"), Set.of(), Set.of("maxSize", "user", "cmd", "entrypoint",
                    "env", "exposedPorts", "workdir", "labels", "healthcheck", "history", "nonRoot", "envAbsent", "execForm", "platform",
                    "files", "program", "reusesCacheOf"))),
            Map.entry("image-absent", new Parameters(Set.of(), Set.of("name", "dangling"), Set.of())),
            Map.entry("volume", new Parameters(Set.of("name"), Set.of(), Set.of("driver", "file"))),
            Map.entry("network", new Parameters(Set.of("name"), Set.of(), Set.of("driver", "internal", "members",
                    "createdAfterReady"))),
            Map.entry("probe", new Parameters(Set.of("from", "target"), Set.of(), Set.of("expect", "contains", "image"))),
            Map.entry("daemon", new Parameters(Set.of(), Set.of(), Set.of("os", "arch"))));

    private CheckTypes() {
    }

    public static boolean isKnown(String type) {
        return TYPES.containsKey(type);
    }

    public static Set<String> known() {
        return TYPES.keySet();
    }

    /** The parameters of a known type; none for an unknown one. */
    public static Parameters parameters(String type) {
        return TYPES.getOrDefault(type, new Parameters(Set.of(), Set.of(), Set.of()));
    }

    public static Set<String> requiredParameters(String type) {
        return parameters(type).required();
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }
}
