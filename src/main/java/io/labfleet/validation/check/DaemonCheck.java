package io.labfleet.validation.check;

import io.labfleet.lab.Text;

import java.util.Optional;

/** {@code daemon}: the sandbox's daemon answers and reports {@code os} and {@code arch} (as {@code docker version}). */
final class DaemonCheck implements Check {

    private final String os;
    private final String arch;

    DaemonCheck(Params params) {
        this.os = params.string("os").orElse(null);
        this.arch = params.string("arch").orElse(null);
    }

    @Override
    public Verdict evaluate(Evidence evidence) {
        DaemonInfo info = evidence.info();
        boolean met = Optional.ofNullable(os).map(info.os()::equals).orElse(true)
                && Optional.ofNullable(arch).map(info.arch()::equals).orElse(true);
        Text found = Texts.format("Le démon de la sandbox répond : Docker %s, OS/Arch %s.",
                "The sandbox's daemon answers: Docker %s, OS/Arch %s.", info.version(), info.platform());
        if (met) {
            return Verdict.pass(found);
        }
        String wanted = (os == null ? info.os() : os) + "/" + (arch == null ? info.arch() : arch);
        return Verdict.fail(Texts.sentence(found, Texts.format("Attendu : %s.", "Expected: %s.", wanted)),
                Texts.of("Cette sandbox ne convient pas à l'exercice : signalez-le à votre formateur.",
                        "This sandbox does not suit the exercise: tell your instructor."));
    }
}
