package io.labfleet.validation.check;

import java.util.Set;
import io.labfleet.lab.CheckType;
import io.labfleet.lab.Text;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a container in service is asked for, each read from one parameter of a {@code container} check:
 * {@code maxLogSize} (its logs can never take more than this on disk: {@code max-size} × {@code max-file} of the
 * json-file or local driver), {@code neverStopped} (it runs and has neither stopped nor restarted since it was
 * created), {@code labels} ({@code {key: value}}, a null value asks only that the label be there) and
 * {@code ports: none} (it publishes no port).
 */
final class OperationExpectations {

    /** The local driver keeps 5 files of 20 MB unless told otherwise; json-file one file, unbounded. */
    private static final Map<String, long[]> DRIVER_DEFAULTS = Map.of(
            "json-file", new long[]{-1, 1},
            "local", new long[]{ByteSize.memory("20m"), 5});

    private OperationExpectations() {
    }

    /** The operations expectations of a {@code container} check (see {@link ContainerExpectations}). */
    static final ExpectationTable<ContainerFacts> CONTAINER = new ExpectationTable<ContainerFacts>(
            CheckType.CONTAINER, Set.of())
            .one("maxLogSize", params -> maxLogSize(params.parse("maxLogSize", params.requiredString("maxLogSize"),
                    v -> ByteSize.memory(v.toString()))))
            .ifTrue("neverStopped", OperationExpectations::neverStopped)
            .one("labels", params -> labels(params.map("labels")));

    static Expectation<ContainerFacts> noPorts() {
        return new Expectation<>(Texts.of("aucun port publié", "no port published"), (c, e) -> c.ports().isEmpty()
                ? Optional.empty()
                : Optional.of(Texts.format("publie %s (il ne devrait publier aucun port)",
                "publishes %s (it should publish no port)",
                Texts.few(c.ports().stream().map(PublishedPort::toString).toList(), 6))));
    }

    private static Expectation<ContainerFacts> maxLogSize(long budget) {
        String wanted = ByteSize.formatMemory(budget);
        return new Expectation<>(Texts.format("journaux limités à %s sur disque", "logs capped at %s on disk", wanted),
                (c, e) -> {
                    String driver = c.config().logDriver();
                    long[] defaults = DRIVER_DEFAULTS.get(driver);
                    if (defaults == null) {
                        return Optional.of(Texts.format(
                                "pilote de journaux %s : docker logs ne lit que json-file et local, qui se limitent avec max-size et max-file",
                                "log driver %s: docker logs reads only json-file and local, which are capped with max-size and max-file",
                                driver.isEmpty() ? "?" : driver));
                    }
                    Map<String, String> options = c.config().logOptions();
                    long size = options.containsKey("max-size") ? ByteSize.memory(options.get("max-size")) : defaults[0];
                    long files = options.containsKey("max-file") ? Long.parseLong(options.get("max-file").trim()) : defaults[1];
                    if (size < 0) {
                        return Optional.of(Texts.format("journaux sans limite (%s sans max-size)",
                                "unbounded logs (%s without max-size)", driver));
                    }
                    long total = size * files;
                    return total <= budget ? Optional.empty() : Optional.of(Texts.format(
                            "journaux jusqu'à %s (max-size %s × max-file %d ; au plus %s attendu)",
                            "logs up to %s (max-size %s × max-file %d; at most %s expected)", ByteSize.formatMemory(total),
                            ByteSize.formatMemory(size), files, wanted));
                });
    }

    private static Expectation<ContainerFacts> neverStopped() {
        return new Expectation<>(Texts.of("en marche sans arrêt depuis sa création", "running without a stop since it was created"),
                (c, e) -> {
                    if (!c.state().status().equals("running")) {
                        return Optional.of(Texts.format("état %s (attendu running)", "state %s (expected running)",
                                c.state().status()));
                    }
                    if (c.state().restartCount() > 0) {
                        return Optional.of(Texts.format("redémarré %d fois par sa politique de redémarrage",
                                "restarted %d times by its restart policy", c.state().restartCount()));
                    }
                    return c.state().finishedAt() == null ? Optional.empty() : Optional.of(Texts.format(
                            "s'est déjà arrêté (à %s) puis a été relancé", "already stopped once (at %s), then was started again",
                            c.state().finishedAt()));
                });
    }

    private static Expectation<ContainerFacts> labels(Map<String, Object> labels) {
        Map<String, String> wanted = new LinkedHashMap<>();
        labels.forEach((k, v) -> wanted.put(k, v == null ? null : String.valueOf(v)));
        return new Expectation<>(Texts.format("labels %s", "labels %s", wanted.keySet()), (c, e) -> {
            List<Text> problems = new ArrayList<>();
            wanted.forEach((key, value) -> {
                String actual = c.labels().get(key);
                if (actual == null) {
                    problems.add(Texts.format("pas de label %s", "no label %s", key));
                } else if (value != null && !value.equals(actual)) {
                    problems.add(Texts.format("label %s=%s (attendu %s)", "label %s=%s (expected %s)", key, actual, value));
                }
            });
            return problems.isEmpty() ? Optional.empty() : Optional.of(Texts.list(problems));
        });
    }
}
