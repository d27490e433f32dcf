package io.labfleet.validation.check;

import io.labfleet.lab.CheckType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What each expectation parameter of a check type asks, by the parameter's name as {@link CheckType} declares it:
 * one table instead of a chain of {@code if (params.has(…))}. A table that misses a declared parameter, or names one
 * the type does not declare, fails when its class is loaded (the service's start-up compiles every lab's checks), not
 * when a lab first uses it. Expectations are made in the table's order, which is the order their failures are shown.
 */
final class ExpectationTable<T> {

    private final CheckType type;
    private final Set<String> readElsewhere;
    private final Map<String, Function<Params, List<Expectation<T>>>> readings = new LinkedHashMap<>();

    /**
     * @param readElsewhere the type's parameters its check reads itself (which objects to look at, how many)
     */
    ExpectationTable(CheckType type, Set<String> readElsewhere) {
        this.type = type;
        this.readElsewhere = readElsewhere;
    }

    /** When the parameter is given, the expectation it makes. */
    ExpectationTable<T> one(String name, Function<Params, Expectation<T>> expectation) {
        return many(name, params -> List.of(expectation.apply(params)));
    }

    /** When the parameter is given as {@code true}, the expectation; {@code false} asks nothing. */
    ExpectationTable<T> ifTrue(String name, Supplier<Expectation<T>> expectation) {
        return many(name, params -> params.bool(name).orElse(false) ? List.of(expectation.get()) : List.of());
    }

    /** When the parameter is given, the expectations it makes (one per item of a list). */
    ExpectationTable<T> many(String name, Function<Params, List<Expectation<T>>> expectations) {
        if (readings.put(name, expectations) != null) {
            throw new IllegalStateException("parameter " + name + " of check type " + type.id() + " is read twice");
        }
        return this;
    }

    /** Another table's parameters, after this one's. */
    ExpectationTable<T> and(ExpectationTable<T> more) {
        more.readings.forEach(this::many);
        return this;
    }

    /**
     * @throws IllegalStateException unless the table, with the parameters read elsewhere, reads exactly what the type
     *                               declares
     */
    ExpectationTable<T> complete() {
        Set<String> read = new TreeSet<>(readings.keySet());
        read.addAll(readElsewhere);
        if (!read.equals(type.all())) {
            Set<String> missing = new TreeSet<>(type.all());
            missing.removeAll(read);
            read.removeAll(type.all());
            throw new IllegalStateException("check type " + type.id() + ": no expectation for " + missing
                    + (read.isEmpty() ? "" : ", expectations for undeclared " + read));
        }
        return this;
    }

    /** The expectations of the parameters given, in the table's order. */
    List<Expectation<T>> from(Params params) {
        List<Expectation<T>> all = new ArrayList<>();
        readings.forEach((name, reading) -> {
            if (params.has(name)) {
                all.addAll(reading.apply(params));
            }
        });
        return all;
    }
}
