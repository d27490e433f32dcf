package io.labfleet.lab;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The check types a lab may use, each with the parameters it takes and what they mean: declared here only. The
 * loader refuses a lab that names another type, omits a required parameter, gives none of a type's selectors, or
 * names a parameter the type does not know, so a typo fails at start-up rather than during a class; the validation
 * engine gives each type and parameter its behaviour and fails when it reads a parameter not declared here or is
 * given one it never reads; the table of {@code labs/README.md} is {@link #markdownTable()} ({@code CheckTypeTableTest}
 * fails when it is stale).
 */
public enum CheckType {

    CONTAINER("container",
            "at least `count` containers picked by `name` / `image` (any container when neither is given) meet every"
                    + " expectation; otherwise the message shows the closest one and what differs",
            "`ports: none` asks that it publish no port",
            optional(null, p("name"), p("image")),
            optional(null, p("count", "default 1")),
            optional("expectations:",
                    p("state", "one or a list of created, running, paused, restarting, exited, dead"),
                    p("exitCode", "a number or `nonzero`"),
                    p("ports", "`8080:80`, `127.0.0.1:8080:80/udp`, `80`, or `{published, target, protocol, host_ip}`"),
                    p("mounts", "`data:/data`, `/srv:/srv:ro`, `/data`, or `{type, source, target, readOnly}`"),
                    p("env", "`{NAME: value}` or `[NAME=value, NAME]`"),
                    p("user", "one or a list; `1000` accepts any group"),
                    p("init"),
                    p("restart", "`no`, `always`, `unless-stopped`, `on-failure[:N]`"),
                    p("healthcheck", "true/false"),
                    p("health", "starting, healthy, unhealthy"),
                    p("log", "`{driver, options}`"),
                    p("memory", "`128m`"),
                    p("cpus", "`0.5`"),
                    p("pid", "private, host, container"),
                    p("networks", "names"),
                    p("changes", "`docker diff`: `[{path, kind: added/changed/deleted/any/none}]`"),
                    p("events", "steps, see below, in this container's own history"),
                    p("readOnly"),
                    p("createdAfterReady"),
                    p("nonRoot", "its user, from `--user` or the image's `USER`, is not root, `0` nor empty"),
                    p("capDrop", "these capabilities are dropped, `ALL` drops them all; `net_raw` = `CAP_NET_RAW`"),
                    p("capAdd", "the capabilities added back are among these; `[]`: none; a `--privileged` container"
                            + " meets neither"),
                    p("noNewPrivileges", "`--security-opt no-new-privileges`, `:true` or `=true`"),
                    p("pidsLimit", "`--pids-limit`"),
                    p("maxLogSize", "`30MB`: `max-size` × `max-file` of the json-file or local driver, with their"
                            + " defaults; other drivers fail: `docker logs` cannot read them"),
                    p("neverStopped", "it runs and has neither stopped nor restarted since it was created"),
                    p("labels", "`{key: value}`, a null value asks only that the label be there"))),
    CONTAINER_ABSENT("container-absent", "no container picked by them is left", null,
            selectors(p("name"), p("image"), p("state"))),
    CONTAINER_EVENTS("container-events", "one container's events, in the daemon's history, hold the steps in order",
            null,
            required(p("actions")),
            optional(null, p("name"), p("image"))),
    EVENTS("events", "the same for any kind of object", null,
            required(p("object", "container, image, volume, network"), p("actions")),
            optional(null, p("name"))),
    IMAGE("image", "an image of that name meets every expectation", null,
            required(p("name")),
            optional(null,
                    p("maxSize", "`50MB`, as `docker images` counts"),
                    p("user"),
                    p("cmd"),
                    p("entrypoint", "exec or shell form"),
                    p("env"),
                    p("exposedPorts"),
                    p("workdir"),
                    p("labels"),
                    p("healthcheck"),
                    p("history", "texts the build steps contain, oldest first, in this order, as `docker history"
                            + " --no-trunc` shows them: the classic builder writes `COPY file:<hash> in /app/`, BuildKit"
                            + " `COPY requirements.txt . # buildkit`, so match the instruction and its destination"),
                    p("nonRoot", "its `USER`"),
                    p("envAbsent", "variables it must not set"),
                    p("execForm", "neither `ENTRYPOINT` nor `CMD` in shell form"),
                    p("platform", "`linux/arm64`, or an architecture; `aarch64` = `arm64`"),
                    p("files", "`[{path, contains \\| equals \\| absent: true}]`, absolute paths in the image, the"
                            + " first 64 KiB of a file"),
                    p("program", "`{contains \\| equals}`: the file the image starts, its `ENTRYPOINT` or else `CMD`,"
                            + " found through the image's `PATH` or `WORKDIR`"),
                    p("reusesCacheOf", "`{image, through}`: rebuilt after a change, the image took from the build cache"
                            + " every step of that earlier image up to the one containing `through`, and differs from"
                            + " it; steps compare by the id the classic builder keeps, or else by instruction, time and"
                            + " size"))),
    IMAGE_ABSENT("image-absent", "no such image (or no dangling image) is left", null,
            selectors(p("name"), p("dangling"))),
    VOLUME("volume", "the volume exists and holds the file", null,
            required(p("name")),
            optional(null, p("driver"), p("file", "`{path, contains}` or `{path, equals}`; a path alone: it exists;"
                    + " without a path, any file of the volume, the first 100 files and 4 MiB read"))),
    NETWORK("network", "the network exists as described", null,
            required(p("name")),
            optional(null, p("driver"), p("internal"), p("members", "container names"), p("createdAfterReady"))),
    PROBE("probe", "a short-lived helper container (busybox by default, `labfleet.validation.helper-image`) on that"
            + " network reaches the target, or does not", null,
            required(p("from", "a network, or `container:<name>`"),
                    p("target", "`http://host[:port]/path`, `tcp://host:port`, `dns:name`")),
            optional(null, p("expect", "reachable, unreachable"), p("contains", "HTTP body"), p("image"))),
    DAEMON("daemon", "the daemon answers, with that platform", null,
            optional(null, p("os"), p("arch")));

    /** How a parameter must be given. */
    public enum Role {
        /** Every one must be given. */
        REQUIRED,
        /** At least one of the group must be given. */
        SELECTOR,
        /** May be given. */
        OPTIONAL
    }

    /** One parameter of a type, and what it means for the table (empty when its name says it all). */
    public record Parameter(String name, Role role, String doc) {
    }

    /** Parameters shown together in the table, after an optional label. */
    private record Group(Role role, String label, List<Parameter> parameters) {
    }

    private final String id;
    private final String passesWhen;
    private final String note;
    private final List<Group> groups;

    CheckType(String id, String passesWhen, String note, Group... groups) {
        this.id = id;
        this.passesWhen = passesWhen;
        this.note = note;
        this.groups = List.of(groups);
    }

    /** The type as labs write it ({@code container-absent}). */
    public String id() {
        return id;
    }

    public static Optional<CheckType> of(String id) {
        return Arrays.stream(values()).filter(t -> t.id.equals(id)).findFirst();
    }

    /** Every type's id, sorted. */
    public static List<String> ids() {
        return Arrays.stream(values()).map(CheckType::id).sorted().toList();
    }

    public List<Parameter> parameters() {
        return groups.stream().flatMap(g -> g.parameters().stream()).toList();
    }

    public Set<String> required() {
        return names(Role.REQUIRED);
    }

    public Set<String> selectors() {
        return names(Role.SELECTOR);
    }

    public boolean allows(String parameter) {
        return parameters().stream().anyMatch(p -> p.name().equals(parameter));
    }

    /** Every parameter the type knows, sorted. */
    public Set<String> all() {
        return parameters().stream().map(Parameter::name).collect(Collectors.toCollection(TreeSet::new));
    }

    private Set<String> names(Role role) {
        return parameters().stream().filter(p -> p.role() == role).map(Parameter::name)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** The check-type table of {@code labs/README.md}: one row per type, in declaration order. */
    public static String markdownTable() {
        StringBuilder table = new StringBuilder()
                .append("| type | parameters (**required**, *at least one of*) | passes when |\n")
                .append("|---|---|---|\n");
        for (CheckType type : values()) {
            String parameters = type.groups.stream().map(CheckType::cell).collect(Collectors.joining("; "));
            if (type.note != null) {
                parameters += "; " + type.note;
            }
            table.append("| `").append(type.id).append("` | ").append(parameters).append(" | ")
                    .append(type.passesWhen).append(" |\n");
        }
        return table.toString();
    }

    private static String cell(Group group) {
        String names = group.parameters().stream().map(p -> {
            String name = "`" + p.name() + "`";
            if (group.role() == Role.REQUIRED) {
                name = "**" + name + "**";
            }
            return p.doc().isEmpty() ? name : name + " (" + p.doc() + ")";
        }).collect(Collectors.joining(", "));
        if (group.role() == Role.SELECTOR) {
            names = "*" + names + "*";
        }
        return group.label() == null ? names : group.label() + " " + names;
    }

    private static Parameter p(String name) {
        return p(name, "");
    }

    private static Parameter p(String name, String doc) {
        return new Parameter(name, null, doc);
    }

    private static Group required(Parameter... parameters) {
        return group(Role.REQUIRED, null, parameters);
    }

    private static Group selectors(Parameter... parameters) {
        return group(Role.SELECTOR, null, parameters);
    }

    private static Group optional(String label, Parameter... parameters) {
        return group(Role.OPTIONAL, label, parameters);
    }

    private static Group group(Role role, String label, Parameter... parameters) {
        return new Group(role, label, Arrays.stream(parameters).map(p -> new Parameter(p.name(), role, p.doc())).toList());
    }
}
