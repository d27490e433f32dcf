package io.labfleet.validation.check;

import io.labfleet.lab.CheckDefinition;
import io.labfleet.lab.Text;

/**
 * A lab's check ready to run: evaluates it and words the outcome, with the lab's hint (or the check's own advice)
 * when the exercise is not done, and an explanation when the sandbox could not be asked.
 */
public record CompiledCheck(CheckDefinition definition, Check check) {

    public String id() {
        return definition.id();
    }

    public CheckOutcome run(SandboxDaemon daemon, CheckContext context) {
        try {
            Verdict verdict = check.evaluate(new Evidence(daemon, context));
            if (verdict.passed()) {
                return new CheckOutcome(CheckStatus.PASSED, verdict.found());
            }
            Text advice = definition.hint() != null ? definition.hint() : verdict.advice();
            return new CheckOutcome(CheckStatus.FAILED, new Text(verdict.found().fr() + " " + advice.fr(),
                    verdict.found().en() + " " + (advice.en() != null ? advice.en() : advice.fr())));
        } catch (SandboxDaemonException e) {
            return CheckOutcome.error(Texts.format(
                    "La validation n'a pas pu interroger le démon Docker de la sandbox (%s). Réessayez dans un instant.",
                    "The validation could not ask the sandbox's Docker daemon (%s). Try again in a moment.",
                    e.getMessage()));
        } catch (HelperImageMissingException e) {
            return CheckOutcome.error(Texts.format(
                    "Cette vérification lance un petit conteneur de l'image %1$s dans la sandbox, et cette image n'y est "
                            + "plus (docker rmi ou docker image prune -a l'a peut-être supprimée). Rechargez-la, ou "
                            + "démarrez une nouvelle sandbox.",
                    "This check runs a small container of image %1$s in the sandbox, and that image is gone (docker rmi "
                            + "or docker image prune -a may have removed it). Load it again, or start a new sandbox.",
                    e.image()));
        }
    }
}
