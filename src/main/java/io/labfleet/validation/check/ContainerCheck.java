package io.labfleet.validation.check;

import io.labfleet.lab.Text;

import java.util.List;

/**
 * {@code container}: at least {@code count} (default 1) containers picked by {@code name} / {@code image} (or any
 * container when neither is given) meet every expectation: {@code state}, {@code exitCode}, {@code ports},
 * {@code mounts}, {@code env}, {@code user}, {@code init}, {@code restart}, {@code healthcheck}, {@code health},
 * {@code log}, {@code memory}, {@code cpus}, {@code pid}, {@code networks}, {@code changes}, {@code events},
 * {@code readOnly}, {@code createdAfterReady} (see {@link ContainerExpectations}).
 */
final class ContainerCheck implements Check {

    private static final Text ADVICE = Texts.of(
            "Créez le conteneur demandé (ou recréez-le avec les bonnes options), puis relancez la validation.",
            "Create the container asked for (or create it again with the right options), then validate again.");

    private final ContainerSelector selector;
    private final int count;
    private final List<Expectation<ContainerFacts>> expectations;

    ContainerCheck(Params params) {
        this.selector = ContainerSelector.from(params, false);
        this.count = params.integer("count").orElse(1);
        if (count < 1) {
            throw params.invalid("count", "must be 1 or more");
        }
        this.expectations = ContainerExpectations.from(params);
    }

    @Override
    public Verdict evaluate(Evidence evidence) {
        List<ContainerFacts> all = evidence.containers();
        List<ContainerFacts> picked = all.stream().filter(c -> selector.picks(c, evidence.images())).toList();
        Text which = selector.describe();
        Text noneFound = new Text(
                "Aucun conteneur" + (which.fr().isEmpty() ? "" : " " + which.fr()) + " dans la sandbox (conteneurs : "
                        + ContainerSelector.present(all) + ").",
                "No container" + (which.en().isEmpty() ? "" : " " + which.en()) + " in the sandbox (containers: "
                        + ContainerSelector.present(all) + ").");
        return new Candidates<>(picked, expectations, count, ContainerSelector::show).judge(evidence, noneFound, ADVICE);
    }
}
