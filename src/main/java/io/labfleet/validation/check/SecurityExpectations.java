package io.labfleet.validation.check;

import io.labfleet.lab.CheckType;
import io.labfleet.lab.Text;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a hardened container is asked for, each read from one parameter of a {@code container} check:
 * {@code nonRoot}, {@code capDrop} (each listed capability dropped; {@code ALL} drops them all),
 * {@code capAdd} (the capabilities added back are among these; an empty list: none), {@code noNewPrivileges}
 * and {@code pidsLimit}. Capabilities match whatever their spelling ({@code net_raw}, {@code CAP_NET_RAW}); the
 * user comes from {@code --user} or from the image's {@code USER}, as the engine records it. A privileged container
 * meets no capability expectation: it has them all, whatever it dropped.
 */
final class SecurityExpectations {

    private static final String NO_NEW_PRIVILEGES = "no-new-privileges";

    /** A privileged container has every capability whatever --cap-drop says. */
    private static final Text PRIVILEGED = Texts.of(
            "lancé avec --privileged : toutes les capacités et tous les périphériques, quoi que dise --cap-drop",
            "started with --privileged: every capability and device, whatever --cap-drop says");

    private SecurityExpectations() {
    }

    /** The hardening expectations of a {@code container} check (see {@link ContainerExpectations}). */
    static final ExpectationTable<ContainerFacts> CONTAINER = new ExpectationTable<ContainerFacts>(
            CheckType.CONTAINER, Set.of())
            .one("nonRoot", params -> nonRoot(params.bool("nonRoot").orElseThrow(), c -> c.config().user()))
            .one("capDrop", params -> capDrop(capabilities(params.strings("capDrop"))))
            .one("capAdd", params -> capAdd(capabilities(params.strings("capAdd"))))
            .one("noNewPrivileges", params -> noNewPrivileges(params.bool("noNewPrivileges").orElseThrow()))
            .one("pidsLimit", params -> {
                int limit = params.integer("pidsLimit").orElseThrow();
                if (limit < 1) {
                    throw params.invalid("pidsLimit", "must be 1 or more");
                }
                return pidsLimit(limit);
            });

    /** Whether a configured user ({@code 1000}, {@code app:app}, empty for the image's default) runs as root. */
    static boolean isRoot(String user) {
        String name = user == null ? "" : user.contains(":") ? user.substring(0, user.indexOf(':')) : user;
        return name.isEmpty() || name.equals("root") || name.equals("0");
    }

    static <T> Expectation<T> nonRoot(boolean wanted, java.util.function.Function<T, String> user) {
        return new Expectation<>(wanted ? Texts.of("utilisateur autre que root", "a user other than root")
                : Texts.of("utilisateur root", "user root"), (object, evidence) -> {
            String actual = user.apply(object);
            if (isRoot(actual) != wanted) {
                return Optional.empty();
            }
            String shown = actual == null || actual.isEmpty() ? "root (aucun USER ni --user)" : actual;
            String shownEn = actual == null || actual.isEmpty() ? "root (no USER nor --user)" : actual;
            return Optional.of(wanted ? new Text("tourne en tant que " + shown, "runs as " + shownEn)
                    : Texts.format("tourne en tant que %s (attendu root)", "runs as %s (expected root)", actual));
        });
    }

    private static Set<String> capabilities(List<String> names) {
        Set<String> normalised = new LinkedHashSet<>();
        names.forEach(name -> normalised.add(normalise(name)));
        return normalised;
    }

    private static String normalise(String capability) {
        String upper = capability.trim().toUpperCase(Locale.ROOT);
        return upper.startsWith("CAP_") ? upper.substring(4) : upper;
    }

    private static Expectation<ContainerFacts> capDrop(Set<String> wanted) {
        String shown = String.join(", ", wanted);
        return new Expectation<>(Texts.format("capacités retirées : %s", "capabilities dropped: %s", shown), (c, e) -> {
            if (c.config().privileged()) {
                return Optional.of(PRIVILEGED);
            }
            Set<String> dropped = capabilities(c.config().capDrop());
            List<String> kept = wanted.stream().filter(w -> !dropped.contains(w) && !dropped.contains("ALL")).toList();
            String given = String.join(", ", dropped);
            return kept.isEmpty() ? Optional.empty() : Optional.of(new Text(
                    String.format("capacités %s non retirées (--cap-drop : %s)", String.join(", ", kept),
                            dropped.isEmpty() ? "aucun" : given),
                    String.format("capabilities %s not dropped (--cap-drop: %s)", String.join(", ", kept),
                            dropped.isEmpty() ? "none" : given)));
        });
    }

    private static Expectation<ContainerFacts> capAdd(Set<String> allowed) {
        String shown = allowed.isEmpty() ? "-" : String.join(", ", allowed);
        return new Expectation<>(Texts.format("capacités ajoutées au plus : %s", "capabilities added at most: %s", shown),
                (c, e) -> {
                    if (c.config().privileged()) {
                        return Optional.of(PRIVILEGED);
                    }
                    List<String> extra = capabilities(c.config().capAdd()).stream().filter(a -> !allowed.contains(a)).toList();
                    return extra.isEmpty() ? Optional.empty() : Optional.of(Texts.format(
                            "capacités ajoutées en trop : %s (permises : %s)", "capabilities added beyond need: %s (allowed: %s)",
                            String.join(", ", extra), shown));
                });
    }

    private static Expectation<ContainerFacts> noNewPrivileges(boolean wanted) {
        return new Expectation<>(wanted ? Texts.of("no-new-privileges", "no-new-privileges")
                : Texts.of("sans no-new-privileges", "without no-new-privileges"), (c, e) -> {
            boolean set = c.config().securityOptions().stream().map(o -> o.replace('=', ':').toLowerCase(Locale.ROOT))
                    .anyMatch(o -> o.equals(NO_NEW_PRIVILEGES) || o.equals(NO_NEW_PRIVILEGES + ":true"));
            if (set == wanted) {
                return Optional.empty();
            }
            return Optional.of(wanted
                    ? Texts.format("lancé sans --security-opt no-new-privileges (options : %s)",
                    "started without --security-opt no-new-privileges (options: %s)", Texts.few(c.config().securityOptions(), 5))
                    : Texts.of("lancé avec --security-opt no-new-privileges", "started with --security-opt no-new-privileges"));
        });
    }

    private static Expectation<ContainerFacts> pidsLimit(int limit) {
        return new Expectation<>(Texts.format("au plus %d processus", "at most %d processes", limit), (c, e) -> {
            long actual = c.limits().pids();
            if (actual == limit) {
                return Optional.empty();
            }
            return Optional.of(actual <= 0
                    ? Texts.format("nombre de processus non limité (attendu --pids-limit %d)",
                    "no limit on processes (expected --pids-limit %d)", limit)
                    : Texts.format("processus limités à %d (attendu %d)", "processes limited to %d (expected %d)", actual, limit));
        });
    }
}
