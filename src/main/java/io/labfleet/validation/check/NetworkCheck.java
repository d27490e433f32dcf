package io.labfleet.validation.check;

import io.labfleet.lab.Text;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code network}: a network known as {@code name} (or by its compose short name) exists, with {@code driver},
 * {@code internal}, the containers {@code members} attached (by name or compose service name), and
 * {@code createdAfterReady}.
 */
final class NetworkCheck implements Check {

    private static final Text ADVICE = Texts.of(
            "Créez le réseau demandé (docker network create …) et reliez-y les conteneurs, puis relancez la validation.",
            "Create the network asked for (docker network create …) and attach the containers, then validate again.");

    private final String name;
    private final List<Expectation<NetworkFacts>> expectations = new ArrayList<>();

    NetworkCheck(Params params) {
        this.name = params.requiredString("name");
        params.string("driver").ifPresent(driver -> expectations.add(new Expectation<>(
                Texts.format("pilote %s", "driver %s", driver), (n, e) -> driver.equals(n.driver()) ? Optional.empty()
                : Optional.of(Texts.format("pilote %s (attendu %s)", "driver %s (expected %s)", n.driver(), driver)))));
        params.bool("internal").ifPresent(internal -> expectations.add(new Expectation<>(
                internal ? Texts.of("interne (--internal)", "internal (--internal)") : Texts.of("non interne", "not internal"),
                (n, e) -> n.internal() == internal ? Optional.empty() : Optional.of(internal
                        ? Texts.of("créé sans --internal", "created without --internal")
                        : Texts.of("créé avec --internal", "created with --internal")))));
        if (params.has("members")) {
            List<String> members = params.strings("members");
            expectations.add(new Expectation<>(Texts.format("membres %s", "members %s", String.join(", ", members)),
                    (n, e) -> missingMembers(members, n, e)));
        }
        params.bool("createdAfterReady").filter(Boolean::booleanValue).ifPresent(b -> expectations.add(new Expectation<>(
                Texts.of("créé dans cette sandbox", "created in this sandbox"), (n, e) -> {
                    var readyAt = e.context().sandboxReadyAt();
                    return readyAt == null || n.created() == null
                            || !n.created().isBefore(readyAt.minus(ContainerExpectations.CLOCK_TOLERANCE))
                            ? Optional.empty()
                            : Optional.of(Texts.format("créé à %s, avant que la sandbox soit prête (%s)",
                            "created at %s, before the sandbox was ready (%s)", n.created(), readyAt));
                })));
    }

    private static Optional<Text> missingMembers(List<String> members, NetworkFacts network, Evidence evidence) {
        List<ContainerFacts> attached = evidence.containers().stream()
                .filter(c -> network.members().contains(c.name())).toList();
        List<String> missing = members.stream()
                .filter(m -> attached.stream().noneMatch(c -> c.answersTo(m))).toList();
        return missing.isEmpty() ? Optional.empty() : Optional.of(Texts.format(
                "%s n'y est pas relié (membres : %s)", "%s not attached (members: %s)", String.join(", ", missing),
                Texts.few(network.members(), 8)));
    }

    @Override
    public Verdict evaluate(Evidence evidence) {
        List<NetworkFacts> all = evidence.networks();
        List<NetworkFacts> picked = all.stream().filter(n -> n.answersTo(name)).toList();
        String present = Texts.few(all.stream().map(NetworkFacts::name).toList(), 8);
        Text noneFound = Texts.format("Aucun réseau « %s » dans la sandbox (réseaux : %s).",
                "No network %s in the sandbox (networks: %s).", name, present);
        return new Candidates<>(picked, expectations, 1, n -> Texts.format("réseau « %s » (%s)", "network %s (%s)",
                n.name(), n.driver())).judge(evidence, noneFound, ADVICE);
    }
}
