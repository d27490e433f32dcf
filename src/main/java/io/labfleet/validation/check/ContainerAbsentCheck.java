package io.labfleet.validation.check;

import io.labfleet.lab.Text;

import java.util.List;

/**
 * {@code container-absent}: no container picked by {@code name}, {@code image} and {@code state} (at least one
 * given) is left, e.g. {@code state: [exited, created, dead]} after {@code docker container prune}.
 */
final class ContainerAbsentCheck implements Check {

    private final ContainerSelector selector;

    ContainerAbsentCheck(Params params) {
        this.selector = ContainerSelector.from(params, true);
    }

    @Override
    public Verdict evaluate(Evidence evidence) {
        List<ContainerFacts> left = evidence.containers().stream()
                .filter(c -> selector.picks(c, evidence.images())).toList();
        Text which = selector.describe();
        if (left.isEmpty()) {
            return Verdict.pass(new Text("Aucun conteneur " + which.fr() + " dans la sandbox.",
                    "No container " + which.en() + " in the sandbox."));
        }
        String shown = ContainerSelector.present(left);
        String names = String.join(" ", left.stream().limit(6).map(ContainerFacts::name).toList());
        return Verdict.fail(
                new Text("Il reste " + left.size() + " conteneur(s) " + which.fr() + " : " + shown + ".",
                        left.size() + " container(s) " + which.en() + " left: " + shown + "."),
                Texts.format("Supprimez-les (docker rm %s), puis relancez la validation.",
                        "Remove them (docker rm %s), then validate again.", names));
    }
}
