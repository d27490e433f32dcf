package io.labfleet.validation.check;

/** One check type's meaning, its parameters already read: looks at the sandbox and concludes. */
@FunctionalInterface
public interface Check {

    /**
     * @throws SandboxDaemonException      when the daemon cannot be asked
     * @throws HelperImageMissingException when a probe's image is not in the sandbox
     */
    Verdict evaluate(Evidence evidence);
}
