package io.labfleet.validation.check;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A mount a lab asks for, in {@code -v} syntax ({@code data:/var/lib/data}, {@code /srv/site:/usr/share/nginx/html:ro},
 * or just the target {@code /data}) or as a map in {@code --mount} / compose long syntax
 * ({@code {type: volume, source: data, target: /data, readOnly: true}}). A source starting with {@code /} is a
 * bind mount, any other a named volume (also under its compose short name). Null fields accept anything;
 * read-only is checked only when the lab says {@code ro} or {@code rw}.
 */
public record MountSpec(String type, String source, String target, Boolean readOnly) {

    private static final Set<String> TYPES = Set.of("volume", "bind", "tmpfs");
    private static final Set<String> FIELDS = Set.of("type", "source", "src", "target", "destination", "dst",
            "readOnly", "readonly", "read_only");

    /**
     * @throws IllegalArgumentException when the value is not a mount specification
     */
    public static MountSpec parse(Object raw) {
        if (raw instanceof Map<?, ?> map) {
            return fromMap(map);
        }
        if (!(raw instanceof String text) || text.isBlank()) {
            throw new IllegalArgumentException("a mount is written like data:/data, got " + raw);
        }
        String[] parts = text.trim().split(":", -1);
        return switch (parts.length) {
            case 1 -> of(null, null, parts[0], null, raw);
            case 2 -> of(null, parts[0], parts[1], null, raw);
            case 3 -> of(null, parts[0], parts[1], readOnly(parts[2], raw), raw);
            default -> throw new IllegalArgumentException("'" + raw + "' is not written source:target[:ro]");
        };
    }

    private static MountSpec fromMap(Map<?, ?> map) {
        map.keySet().stream().filter(k -> !FIELDS.contains(String.valueOf(k))).findFirst().ifPresent(k -> {
            throw new IllegalArgumentException("a mount has no field '" + k + "'; it takes type, source, target, readOnly");
        });
        Object type = map.get("type");
        Object source = first(map, "source", "src");
        Object target = first(map, "target", "destination", "dst");
        Object readOnly = first(map, "readOnly", "readonly", "read_only");
        if (target == null) {
            throw new IllegalArgumentException("a mount written as a map needs 'target', got " + map);
        }
        if (type != null && !TYPES.contains(type.toString().toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("mount type must be volume, bind or tmpfs, got " + type);
        }
        return of(type == null ? null : type.toString().toLowerCase(Locale.ROOT),
                source == null ? null : source.toString(), target.toString(),
                readOnly == null ? null : Boolean.valueOf(readOnly.toString()), map);
    }

    private static Object first(Map<?, ?> map, String... keys) {
        for (String key : keys) {
            if (map.get(key) != null) {
                return map.get(key);
            }
        }
        return null;
    }

    private static MountSpec of(String type, String source, String target, Boolean readOnly, Object raw) {
        if (!target.startsWith("/")) {
            throw new IllegalArgumentException("'" + raw + "': the target must be an absolute path in the container");
        }
        String kind = type;
        if (kind == null && source != null && !source.isEmpty()) {
            kind = source.startsWith("/") ? "bind" : "volume";
        }
        if ("bind".equals(kind) && (source == null || !source.startsWith("/"))) {
            throw new IllegalArgumentException("'" + raw + "': a bind mount's source must be an absolute path");
        }
        return new MountSpec(kind, source == null || source.isEmpty() ? null : normalise(source), normalise(target), readOnly);
    }

    private static Boolean readOnly(String options, Object raw) {
        Boolean readOnly = null;
        for (String option : options.split(",")) {
            switch (option.trim()) {
                case "ro", "readonly" -> readOnly = true;
                case "rw" -> readOnly = false;
                case "z", "Z", "nocopy", "rprivate", "private", "rshared", "shared", "rslave", "slave", "cached",
                     "delegated", "consistent", "" -> {
                }
                default -> throw new IllegalArgumentException("'" + raw + "': unknown mount option '" + option + "'");
            }
        }
        return readOnly;
    }

    private static String normalise(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    public boolean matches(MountFacts mount) {
        if (!target.equals(normalise(mount.target()))) {
            return false;
        }
        if (type != null && !type.equals(mount.type())) {
            return false;
        }
        if (source != null) {
            boolean sameSource = "bind".equals(mount.type()) ? source.equals(normalise(mount.source()))
                    : mount.names().contains(source);
            if (!sameSource) {
                return false;
            }
        }
        return readOnly == null || readOnly == mount.readOnly();
    }

    @Override
    public String toString() {
        return (source == null ? "" : source + ":") + target
                + (readOnly == null ? "" : readOnly ? ":ro" : ":rw");
    }
}
