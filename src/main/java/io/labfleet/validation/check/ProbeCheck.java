package io.labfleet.validation.check;

import io.labfleet.commons.Strings;
import io.labfleet.lab.Text;

import java.util.Optional;

/**
 * {@code probe}: from inside the sandbox, {@code target} ({@link ProbeTarget}) is reachable (or, with
 * {@code expect: unreachable}, is not), as seen from {@code from}: a network ({@code backend}, or its compose
 * short name) or {@code container:<name>} (the probe shares that running container's network stack). An HTTP
 * answer may have to {@code contains} a text. The probe is a short-lived container of the helper image
 * ({@code image}, default the engine's), removed afterwards.
 */
final class ProbeCheck implements Check {

    private final String from;
    private final ProbeTarget target;
    private final boolean reachable;
    private final String contains;
    private final String image;

    ProbeCheck(Params params) {
        this.from = params.requiredString("from");
        this.target = params.parse("target", params.requiredString("target"), ProbeTarget::parse);
        String expect = params.string("expect").orElse("reachable");
        if (!expect.equals("reachable") && !expect.equals("unreachable")) {
            throw params.invalid("expect", "must be reachable or unreachable, got " + expect);
        }
        this.reachable = expect.equals("reachable");
        this.contains = params.string("contains").orElse(null);
        if (contains != null && !target.kind().equals("http")) {
            throw params.invalid("contains", "applies to http:// targets only");
        }
        this.image = params.string("image").orElse(null);
    }

    @Override
    public Verdict evaluate(Evidence evidence) {
        Optional<String> networkMode = networkMode(evidence);
        Text place = place();
        if (networkMode.isEmpty()) {
            return nowhereToProbeFrom();
        }
        var timeout = evidence.context().probeTimeout();
        String helper = image != null ? image : evidence.context().helperImage();
        HelperResult result;
        try {
            result = evidence.daemon().runHelper(new HelperRun(helper, networkMode.get(), target.command(timeout),
                    timeout.plusSeconds(5)));
        } catch (ProbeSourceStoppedException e) {
            return nowhereToProbeFrom();
        }
        boolean reached = target.reached(result);
        if (reached && contains != null && !result.output().contains(contains)) {
            String body = result.output().strip();
            String start = Strings.truncate(body, 80);
            return verdict(false, new Text(
                    String.format("%s, %s répond mais sans « %s » (début de la réponse : %s).", place.fr(), target.url(),
                            contains, start),
                    String.format("%s, %s answers but without \"%s\" (start of the answer: %s).", place.en(),
                            target.url(), contains, start)));
        }
        if (reached) {
            return verdict(reachable, new Text(
                    String.format("%s, %s répond%s.", place.fr(), target.url(), contains == null ? "" : " (« " + contains + " »)"),
                    String.format("%s, %s answers%s.", place.en(), target.url(), contains == null ? "" : " (\"" + contains + "\")")));
        }
        String failure = target.failure(result, timeout);
        return verdict(!reachable, new Text(String.format("%s, %s ne répond pas (%s).", place.fr(), target.url(), failure),
                String.format("%s, %s does not answer (%s).", place.en(), target.url(), failure)));
    }

    private Verdict nowhereToProbeFrom() {
        return Verdict.fail(from.startsWith("container:")
                        ? Texts.format("Le conteneur « %s » ne tourne pas : impossible de sonder depuis lui.",
                        "Container %s is not running: nothing to probe from.", from.substring(10))
                        : Texts.format("Le réseau « %s » n'existe pas.", "Network %s does not exist.", from),
                Texts.of("Créez-le comme demandé, puis relancez la validation.",
                        "Create it as asked, then validate again."));
    }

    private Verdict verdict(boolean passed, Text found) {
        if (passed) {
            return Verdict.pass(found);
        }
        Text advice = reachable
                ? Texts.of("Vérifiez que le service tourne, sur le bon réseau, avec le bon nom et le bon port.",
                "Check that the service runs, on the right network, with the right name and port.")
                : Texts.of("Il devrait être isolé : revoyez les réseaux auxquels les conteneurs sont reliés.",
                "It should be isolated: review which networks the containers are attached to.");
        return Verdict.fail(found, advice);
    }

    private Text place() {
        return from.startsWith("container:")
                ? Texts.format("Depuis le conteneur « %s »", "From container %s", from.substring(10))
                : Texts.format("Depuis le réseau « %s »", "From network %s", from);
    }

    private Optional<String> networkMode(Evidence evidence) {
        if (from.startsWith("container:")) {
            String name = from.substring(10);
            return evidence.containers().stream().filter(c -> c.answersTo(name))
                    .filter(c -> c.state().status().equals("running")).findFirst().map(c -> "container:" + c.id());
        }
        return evidence.networks().stream().filter(n -> n.answersTo(from)).findFirst().map(NetworkFacts::name);
    }
}
