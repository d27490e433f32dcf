package io.labfleet.lab;

/**
 * Puts a lab's starting state (its {@code setup} commands, see {@link SetupCommand}) into a new sandbox, through the
 * sandbox's own daemon, once that daemon answers and before the learner is told the sandbox is ready.
 */
public interface LabSetup {

    /**
     * Applies every setup command of the lab in order; does nothing for a lab without setup.
     *
     * @throws LabSetupException naming the command that failed and why
     */
    void apply(Lab lab, String daemonHost, int daemonPort);
}
