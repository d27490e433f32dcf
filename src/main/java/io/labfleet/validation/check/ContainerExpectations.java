package io.labfleet.validation.check;

import io.labfleet.lab.CheckType;
import io.labfleet.lab.Text;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The expectations a {@code container} check may state, each read from one parameter. Each compares what the
 * daemon recorded, so every way of asking for the same thing passes: {@code -m 128m} and {@code --memory=134217728},
 * {@code --cpus 0.5} and {@code --cpu-quota 50000}, {@code -p}, {@code --publish} and compose, {@code -v} and
 * {@code --mount}.
 */
final class ContainerExpectations {

    /** Clocks of the service and of the sandbox's daemon may differ a little. */
    static final Duration CLOCK_TOLERANCE = Duration.ofSeconds(30);

    private static final Pattern RESTART = Pattern.compile("(no|always|unless-stopped|on-failure)(?::(\\d+))?");
    private static final Set<String> HEALTH = Set.of("starting", "healthy", "unhealthy");
    private static final Set<String> PID_MODES = Set.of("private", "host", "container");
    private static final Set<String> CHANGE_KINDS = Set.of("added", "changed", "deleted", "any", "none");

    private ContainerExpectations() {
    }

    /** Every expectation of a {@code container} check but which containers and how many ({@link ContainerCheck}). */
    private static final ExpectationTable<ContainerFacts> EXPECTATIONS = new ExpectationTable<ContainerFacts>(
            CheckType.CONTAINER, Set.of("name", "image", "count"))
            .one("state", params -> state(ContainerSelector.states(params)))
            .one("exitCode", ContainerExpectations::exitCode)
            .one("ports", params -> "none".equals(params.raw("ports")) ? OperationExpectations.noPorts()
                    : ports(params.parseEach("ports", PortSpec::parse)))
            .one("mounts", params -> mounts(params.parseEach("mounts", MountSpec::parse)))
            .one("env", params -> {
                Map<String, String> env = ConfigRules.expectedEnv(params, "env");
                return new Expectation<>(ConfigRules.envText(env), (c, e) -> ConfigRules.envMismatch(env, c.config().env()));
            })
            .one("user", params -> {
                List<String> users = params.strings("user");
                return new Expectation<>(Texts.format("utilisateur %s", "user %s", String.join("/", users)),
                        (c, e) -> ConfigRules.userMismatch(users, c.config().user()));
            })
            .one("init", params -> init(params.bool("init").orElseThrow()))
            .one("restart", params -> restart(params, params.requiredString("restart")))
            .one("healthcheck", params -> {
                boolean wanted = params.bool("healthcheck").orElseThrow();
                return new Expectation<>(wanted ? Texts.of("HEALTHCHECK configuré", "HEALTHCHECK configured")
                        : Texts.of("sans HEALTHCHECK", "no HEALTHCHECK"),
                        (c, e) -> ConfigRules.healthcheckMismatch(wanted, c.config().healthcheck()));
            })
            .one("health", params -> health(params, params.requiredString("health")))
            .one("log", ContainerExpectations::log)
            .one("memory", params -> memory(params.parse("memory", params.requiredString("memory"),
                    v -> ByteSize.memory(v.toString()))))
            .one("cpus", params -> cpus(params.parse("cpus", params.requiredString("cpus"), CpuLimit::parse)))
            .one("pid", params -> pid(params, params.requiredString("pid")))
            .one("networks", params -> networks(params.strings("networks")))
            .one("changes", ContainerExpectations::changes)
            .one("events", params -> {
                List<String> steps = params.strings("events");
                return events(params.parse("events", steps, v -> EventSequence.parse(steps)));
            })
            .one("readOnly", params -> readOnly(params.bool("readOnly").orElseThrow()))
            .ifTrue("createdAfterReady", ContainerExpectations::createdAfterReady)
            .and(SecurityExpectations.CONTAINER)
            .and(OperationExpectations.CONTAINER)
            .complete();

    static List<Expectation<ContainerFacts>> from(Params params) {
        return EXPECTATIONS.from(params);
    }

    private static Expectation<ContainerFacts> state(List<String> states) {
        String wanted = String.join("/", states);
        return new Expectation<>(Texts.format("état %s", "state %s", wanted), (c, e) -> states.contains(c.state().status())
                ? Optional.empty()
                : Optional.of(Texts.format("état %s (attendu %s)", "state %s (expected %s)", c.state().status(), wanted)));
    }

    private static Expectation<ContainerFacts> exitCode(Params params) {
        String wanted = params.requiredString("exitCode");
        boolean nonZero = wanted.equals("nonzero");
        if (!nonZero && !wanted.matches("\\d+")) {
            throw params.invalid("exitCode", "must be a number or nonzero, got " + wanted);
        }
        Text expected = nonZero ? Texts.of("sorti en erreur (code non nul)", "exited with an error (non-zero code)")
                : Texts.format("sorti avec le code %s", "exited with code %s", wanted);
        return new Expectation<>(expected, (c, e) -> {
            String status = c.state().status();
            if (!status.equals("exited") && !status.equals("dead")) {
                return Optional.of(new Text(
                        String.format("pas encore terminé (état %s ; attendu : %s)", status, expected.fr()),
                        String.format("has not exited (state %s; expected: %s)", status, expected.en())));
            }
            int code = c.state().exitCode();
            boolean met = nonZero ? code != 0 : code == Integer.parseInt(wanted);
            return met ? Optional.empty() : Optional.of(new Text(
                    String.format("code de sortie %d (attendu %s)", code, nonZero ? "non nul" : wanted),
                    String.format("exit code %d (expected %s)", code, nonZero ? "non-zero" : wanted)));
        });
    }

    private static Expectation<ContainerFacts> ports(List<PortSpec> specs) {
        String wanted = Texts.few(specs.stream().map(PortSpec::toString).toList(), 10);
        return new Expectation<>(Texts.format("ports %s", "ports %s", wanted), (c, e) -> {
            List<String> missing = specs.stream().filter(s -> c.ports().stream().noneMatch(s::matches))
                    .map(PortSpec::toString).toList();
            String published = Texts.few(c.ports().stream().map(PublishedPort::toString).toList(), 10);
            return missing.isEmpty() ? Optional.empty() : Optional.of(Texts.format(
                    "port(s) %s non publié(s) (publiés : %s)", "port(s) %s not published (published: %s)",
                    String.join(", ", missing), published));
        });
    }

    private static Expectation<ContainerFacts> mounts(List<MountSpec> specs) {
        String wanted = Texts.few(specs.stream().map(MountSpec::toString).toList(), 10);
        return new Expectation<>(Texts.format("montages %s", "mounts %s", wanted), (c, e) -> {
            List<String> missing = specs.stream().filter(s -> c.mounts().stream().noneMatch(s::matches))
                    .map(MountSpec::toString).toList();
            String mounted = Texts.few(c.mounts().stream().map(MountFacts::toString).toList(), 10);
            return missing.isEmpty() ? Optional.empty() : Optional.of(Texts.format(
                    "montage(s) %s absent(s) (montages : %s)", "mount(s) %s missing (mounts: %s)",
                    String.join(", ", missing), mounted));
        });
    }

    private static Expectation<ContainerFacts> init(boolean wanted) {
        return new Expectation<>(wanted ? Texts.of("avec --init", "with --init") : Texts.of("sans --init", "without --init"),
                (c, e) -> c.config().init() == wanted ? Optional.empty()
                        : Optional.of(wanted ? Texts.of("lancé sans --init", "started without --init")
                        : Texts.of("lancé avec --init", "started with --init")));
    }

    private static Expectation<ContainerFacts> restart(Params params, String restart) {
        Matcher matcher = RESTART.matcher(restart);
        if (!matcher.matches()) {
            throw params.invalid("restart", "must be no, always, unless-stopped or on-failure[:N], got " + restart);
        }
        String policy = matcher.group(1);
        Integer retries = matcher.group(2) == null ? null : Integer.valueOf(matcher.group(2));
        return new Expectation<>(Texts.format("redémarrage %s", "restart %s", restart), (c, e) -> {
            String actual = c.config().restartPolicy().isEmpty() ? "no" : c.config().restartPolicy();
            boolean met = actual.equals(policy) && (retries == null || retries == c.config().restartRetries());
            String shown = actual + (actual.equals("on-failure") && c.config().restartRetries() > 0
                    ? ":" + c.config().restartRetries() : "");
            return met ? Optional.empty() : Optional.of(Texts.format("politique de redémarrage %s (attendu %s)",
                    "restart policy %s (expected %s)", shown, restart));
        });
    }

    private static Expectation<ContainerFacts> health(Params params, String health) {
        if (!HEALTH.contains(health)) {
            throw params.invalid("health", "must be one of " + HEALTH + ", got " + health);
        }
        return new Expectation<>(Texts.format("santé %s", "health %s", health), (c, e) -> {
            String actual = c.state().health();
            if (health.equals(actual)) {
                return Optional.empty();
            }
            return Optional.of(actual == null
                    ? Texts.format("aucun HEALTHCHECK, donc pas d'état de santé (attendu %s)",
                    "no HEALTHCHECK, so no health status (expected %s)", health)
                    : Texts.format("santé %s (attendu %s)", "health %s (expected %s)", actual, health));
        });
    }

    private static Expectation<ContainerFacts> log(Params params) {
        Map<String, Object> log = params.map("log");
        log.keySet().stream().filter(k -> !k.equals("driver") && !k.equals("options")).findFirst().ifPresent(k -> {
            throw params.invalid("log", "has no field '" + k + "'; it takes driver and options");
        });
        String driver = log.get("driver") == null ? null : log.get("driver").toString();
        Map<String, String> options = new java.util.LinkedHashMap<>();
        if (log.get("options") instanceof Map<?, ?> map) {
            map.forEach((k, v) -> options.put(String.valueOf(k), String.valueOf(v)));
        } else if (log.get("options") != null) {
            throw params.invalid("log", "options must be a map, got " + log.get("options"));
        }
        String wanted = (driver == null ? "" : driver + " ") + options;
        return new Expectation<>(Texts.format("journalisation %s", "logging %s", wanted.trim()), (c, e) -> {
            List<Text> problems = new ArrayList<>();
            if (driver != null && !driver.equals(c.config().logDriver())) {
                problems.add(Texts.format("pilote de logs %s (attendu %s)", "log driver %s (expected %s)",
                        c.config().logDriver(), driver));
            }
            options.forEach((key, value) -> {
                String actual = c.config().logOptions().get(key);
                if (!sameOption(value, actual)) {
                    problems.add(Texts.format("option de logs %s=%s (attendu %s)", "log option %s=%s (expected %s)",
                            key, actual == null ? "(absente)" : actual, value));
                }
            });
            return problems.isEmpty() ? Optional.empty() : Optional.of(Texts.list(problems));
        });
    }

    /** Log options compare as written, but sizes by value: {@code 10m} is {@code 10M}. */
    private static boolean sameOption(String wanted, String actual) {
        if (actual == null) {
            return false;
        }
        if (wanted.equalsIgnoreCase(actual)) {
            return true;
        }
        try {
            return ByteSize.memory(wanted) == ByteSize.memory(actual);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Expectation<ContainerFacts> memory(long bytes) {
        String wanted = ByteSize.formatMemory(bytes);
        return new Expectation<>(Texts.format("mémoire %s", "memory %s", wanted), (c, e) -> {
            long actual = c.limits().memory();
            if (actual == bytes) {
                return Optional.empty();
            }
            return Optional.of(actual == 0
                    ? Texts.format("mémoire non limitée (attendu %s)", "no memory limit (expected %s)", wanted)
                    : Texts.format("mémoire limitée à %s (attendu %s)", "memory limited to %s (expected %s)",
                    ByteSize.formatMemory(actual), wanted));
        });
    }

    private static Expectation<ContainerFacts> cpus(double cores) {
        String wanted = CpuLimit.format(cores);
        return new Expectation<>(Texts.format("%s CPU", "%s CPU", wanted), (c, e) -> {
            OptionalDouble actual = CpuLimit.of(c.limits());
            if (actual.isPresent() && CpuLimit.same(actual.getAsDouble(), cores)) {
                return Optional.empty();
            }
            return Optional.of(actual.isEmpty()
                    ? Texts.format("CPU non limité (attendu %s)", "no CPU limit (expected %s)", wanted)
                    : Texts.format("CPU limité à %s (attendu %s)", "CPU limited to %s (expected %s)",
                    CpuLimit.format(actual.getAsDouble()), wanted));
        });
    }

    private static Expectation<ContainerFacts> pid(Params params, String pid) {
        if (!PID_MODES.contains(pid)) {
            throw params.invalid("pid", "must be private, host or container, got " + pid);
        }
        return new Expectation<>(Texts.format("espace de noms PID %s", "PID namespace %s", pid), (c, e) -> {
            String mode = c.config().pidMode();
            String actual = mode.isEmpty() || mode.equals("private") ? "private"
                    : mode.startsWith("container:") ? "container" : mode;
            return actual.equals(pid) ? Optional.empty() : Optional.of(Texts.format(
                    "espace de noms PID %s (--pid=%s ; attendu %s)", "PID namespace %s (--pid=%s; expected %s)",
                    actual, mode, pid));
        });
    }

    private static Expectation<ContainerFacts> networks(List<String> names) {
        return new Expectation<>(Texts.format("réseaux %s", "networks %s", String.join(", ", names)), (c, e) -> {
            List<String> missing = names.stream()
                    .filter(n -> c.networks().stream().noneMatch(network -> network.answersTo(n))).toList();
            String attached = Texts.few(c.networks().stream().map(NetworkFacts::name).toList(), 8);
            return missing.isEmpty() ? Optional.empty() : Optional.of(Texts.format(
                    "pas relié au(x) réseau(x) %s (réseaux : %s)", "not attached to network(s) %s (networks: %s)",
                    String.join(", ", missing), attached));
        });
    }

    private record ChangeSpec(String path, String kind) {

        boolean metBy(List<FileChange> changes) {
            Optional<FileChange> change = changes.stream().filter(c -> c.path().equals(path)).findFirst();
            return switch (kind) {
                case "none" -> change.isEmpty();
                case "any" -> change.isPresent();
                default -> change.filter(c -> c.kind().name().toLowerCase(Locale.ROOT).equals(kind)).isPresent();
            };
        }

        Text describe() {
            return switch (kind) {
                case "none" -> Texts.format("%s inchangé", "%s unchanged", path);
                case "any" -> Texts.format("%s modifié", "%s touched", path);
                case "added" -> Texts.format("A %s", "A %s", path);
                case "changed" -> Texts.format("C %s", "C %s", path);
                default -> Texts.format("D %s", "D %s", path);
            };
        }
    }

    private static Expectation<ContainerFacts> changes(Params params) {
        List<ChangeSpec> specs = params.list("changes").stream().map(item -> {
            if (item instanceof Map<?, ?> map) {
                Object path = map.get("path");
                String kind = map.get("kind") == null ? "any" : map.get("kind").toString();
                if (path == null || !path.toString().startsWith("/") || !CHANGE_KINDS.contains(kind)
                        || map.keySet().stream().anyMatch(k -> !k.equals("path") && !k.equals("kind"))) {
                    throw params.invalid("changes", "entries are {path: /absolute/path, kind: " + CHANGE_KINDS + "}, got " + map);
                }
                return new ChangeSpec(path.toString(), kind);
            }
            String path = String.valueOf(item);
            if (!path.startsWith("/")) {
                throw params.invalid("changes", "'" + path + "' is not an absolute path");
            }
            return new ChangeSpec(path, "any");
        }).toList();
        Text wanted = Texts.join(specs.stream().map(ChangeSpec::describe).toList(), ", ", ", ");
        return new Expectation<>(Texts.sentence(Texts.of("docker diff :", "docker diff:"), wanted), (c, e) -> {
            List<FileChange> changes = e.changes(c.id());
            List<ChangeSpec> unmet = specs.stream().filter(s -> !s.metBy(changes)).toList();
            if (unmet.isEmpty()) {
                return Optional.empty();
            }
            String diff = Texts.few(changes.stream().map(FileChange::toString).toList(), 8);
            List<Text> problems = unmet.stream().map(s -> s.kind().equals("none")
                    ? Texts.format("docker diff montre %s", "docker diff shows %s", changes.stream()
                    .filter(change -> change.path().equals(s.path())).findFirst().map(FileChange::toString).orElse(s.path()))
                    : new Text("docker diff ne montre pas " + s.describe().fr() + " (il montre : " + diff + ")",
                    "docker diff does not show " + s.describe().en() + " (it shows: " + diff + ")")).toList();
            return Optional.of(Texts.list(problems));
        });
    }

    private static Expectation<ContainerFacts> events(EventSequence sequence) {
        return new Expectation<>(Texts.format("historique %s", "history %s", sequence), (c, e) -> {
            List<DaemonEvent> own = e.events().ofType("container").stream()
                    .filter(event -> event.actorId().equals(c.id())).toList();
            int met = sequence.metSteps(own);
            if (met == sequence.steps().size()) {
                return Optional.empty();
            }
            return Optional.of(EventsCheck.missingStep(sequence, met, own));
        });
    }

    private static Expectation<ContainerFacts> readOnly(boolean wanted) {
        return new Expectation<>(wanted ? Texts.of("système de fichiers en lecture seule", "read-only file system")
                : Texts.of("système de fichiers modifiable", "writable file system"),
                (c, e) -> c.config().readOnlyRootfs() == wanted ? Optional.empty()
                        : Optional.of(wanted ? Texts.of("lancé sans --read-only", "started without --read-only")
                        : Texts.of("lancé avec --read-only", "started with --read-only")));
    }

    private static Expectation<ContainerFacts> createdAfterReady() {
        return new Expectation<>(Texts.of("créé dans cette sandbox", "created in this sandbox"), (c, e) -> {
            Instant readyAt = e.context().sandboxReadyAt();
            if (readyAt == null || c.created() == null || !c.created().isBefore(readyAt.minus(CLOCK_TOLERANCE))) {
                return Optional.empty();
            }
            return Optional.of(Texts.format("créé à %s, avant que la sandbox soit prête (%s)",
                    "created at %s, before the sandbox was ready (%s)", c.created(), readyAt));
        });
    }
}
