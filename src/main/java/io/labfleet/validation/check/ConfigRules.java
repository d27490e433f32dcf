package io.labfleet.validation.check;

import io.labfleet.lab.Text;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Rules shared by containers and images: environment, user, health check. */
final class ConfigRules {

    private ConfigRules() {
    }

    /**
     * Expected variables from {@code {NAME: value}} or {@code [NAME=value, NAME]}; a null value asks only that the
     * variable be set.
     */
    static Map<String, String> expectedEnv(Params params, String name) {
        Map<String, String> expected = new LinkedHashMap<>();
        Object raw = params.raw(name);
        if (raw instanceof Map<?, ?>) {
            params.map(name).forEach((k, v) -> expected.put(k, v == null ? null : String.valueOf(v)));
        } else {
            for (String entry : params.strings(name)) {
                int equals = entry.indexOf('=');
                expected.put(equals < 0 ? entry : entry.substring(0, equals), equals < 0 ? null : entry.substring(equals + 1));
            }
        }
        return expected;
    }

    static Optional<Text> envMismatch(Map<String, String> expected, List<String> actual) {
        Map<String, String> set = new LinkedHashMap<>();
        for (String entry : actual) {
            int equals = entry.indexOf('=');
            set.put(equals < 0 ? entry : entry.substring(0, equals), equals < 0 ? "" : entry.substring(equals + 1));
        }
        List<Text> problems = expected.entrySet().stream().<Text>mapMulti((wanted, out) -> {
            String value = set.get(wanted.getKey());
            if (value == null) {
                out.accept(Texts.format("variable %s absente", "variable %s not set", wanted.getKey()));
            } else if (wanted.getValue() != null && !wanted.getValue().equals(value)) {
                out.accept(Texts.format("%s=%s (attendu %s)", "%s=%s (expected %s)", wanted.getKey(), value,
                        wanted.getValue()));
            }
        }).toList();
        return problems.isEmpty() ? Optional.empty() : Optional.of(Texts.list(problems));
    }

    static Text envText(Map<String, String> expected) {
        List<String> shown = expected.entrySet().stream()
                .map(e -> e.getValue() == null ? e.getKey() : e.getKey() + "=" + e.getValue()).toList();
        return Texts.format("environnement %s", "environment %s", String.join(", ", shown));
    }

    /**
     * Whether a configured user ({@code 1000:1000}, {@code app}, empty for the default) is one of the accepted ones;
     * an accepted user without a group accepts any group, and {@code root} is also {@code 0} and the default.
     */
    static boolean userAccepted(List<String> accepted, String actual) {
        String user = actual == null ? "" : actual;
        String withoutGroup = user.contains(":") ? user.substring(0, user.indexOf(':')) : user;
        return accepted.stream().anyMatch(wanted -> wanted.equals(user)
                || (!wanted.contains(":") && wanted.equals(withoutGroup))
                || (isRoot(wanted) && isRoot(withoutGroup)));
    }

    private static boolean isRoot(String user) {
        return user.isEmpty() || user.equals("root") || user.equals("0");
    }

    static Optional<Text> userMismatch(List<String> accepted, String actual) {
        if (userAccepted(accepted, actual)) {
            return Optional.empty();
        }
        String shown = actual == null || actual.isEmpty() ? "root" : actual;
        return Optional.of(new Text(String.format("utilisateur %s (attendu %s)", shown, String.join(" ou ", accepted)),
                String.format("user %s (expected %s)", shown, String.join(" or ", accepted))));
    }

    /** A health check is configured when its test is neither empty nor {@code NONE}. */
    static boolean healthcheckConfigured(List<String> test) {
        return !test.isEmpty() && !test.get(0).equals("NONE");
    }

    static Optional<Text> healthcheckMismatch(boolean wanted, List<String> test) {
        if (healthcheckConfigured(test) == wanted) {
            return Optional.empty();
        }
        return Optional.of(wanted ? Texts.of("aucun HEALTHCHECK configuré", "no HEALTHCHECK configured")
                : Texts.format("un HEALTHCHECK est configuré (%s)", "a HEALTHCHECK is configured (%s)",
                String.join(" ", test)));
    }
}
