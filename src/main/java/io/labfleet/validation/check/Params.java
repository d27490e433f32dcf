package io.labfleet.validation.check;

import io.labfleet.lab.CheckType;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Typed reading of a check's {@code with} parameters as YAML gives them (strings, numbers, booleans, lists, maps).
 * A value that means nothing fails with {@link CheckParameterException} naming the parameter; reading a parameter
 * the type does not declare in {@link CheckType} is a bug of the engine and fails at once; so is
 * a declared parameter the engine never reads ({@link #unread()}).
 */
final class Params {

    private final CheckType type;
    private final Map<String, Object> with;
    private final Set<String> read = new HashSet<>();

    Params(CheckType type, Map<String, Object> with) {
        this.type = type;
        this.with = with;
    }

    /** The parameters given that nothing has read (yet). */
    Set<String> unread() {
        Set<String> unread = new TreeSet<>(with.keySet());
        unread.removeAll(read);
        return unread;
    }

    boolean has(String name) {
        return raw(name) != null;
    }

    Object raw(String name) {
        if (!type.allows(name)) {
            throw new IllegalStateException("check type " + type.id() + " does not declare parameter " + name);
        }
        read.add(name);
        return with.get(name);
    }

    Optional<String> string(String name) {
        Object value = raw(name);
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            throw invalid(name, "must be a single value, got " + value);
        }
        return Optional.ofNullable(value).map(String::valueOf);
    }

    String requiredString(String name) {
        return string(name).orElseThrow(() -> invalid(name, "is required"));
    }

    Optional<Boolean> bool(String name) {
        Object value = raw(name);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof Boolean b) {
            return Optional.of(b);
        }
        throw invalid(name, "must be true or false, got " + value);
    }

    Optional<Integer> integer(String name) {
        Object value = raw(name);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof Integer i) {
            return Optional.of(i);
        }
        throw invalid(name, "must be a whole number, got " + value);
    }

    /** A list, or a single value taken as a list of one; empty when absent. */
    List<Object> list(String name) {
        Object value = raw(name);
        if (value == null) {
            return List.of();
        }
        return value instanceof List<?> list ? new ArrayList<>(list) : List.of(value);
    }

    List<String> strings(String name) {
        return list(name).stream().map(item -> {
            if (item instanceof Map<?, ?> || item instanceof List<?>) {
                throw invalid(name, "must hold plain values, got " + item);
            }
            return String.valueOf(item);
        }).toList();
    }

    /** A map with string keys; empty when absent. */
    Map<String, Object> map(String name) {
        Object value = raw(name);
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw invalid(name, "must be a map (key: value), got " + value);
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(String.valueOf(k), v));
        return copy;
    }

    /** Reads a value with a parser that throws IllegalArgumentException, naming the parameter in the error. */
    <T> T parse(String name, Object value, Function<Object, T> parser) {
        try {
            return parser.apply(value);
        } catch (CheckParameterException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw invalid(name, e.getMessage());
        }
    }

    <T> List<T> parseEach(String name, Function<Object, T> parser) {
        return list(name).stream().map(item -> parse(name, item, parser)).toList();
    }

    CheckParameterException invalid(String name, String problem) {
        return new CheckParameterException("with." + name + " " + problem);
    }
}
