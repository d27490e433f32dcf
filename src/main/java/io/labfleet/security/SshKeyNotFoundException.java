package io.labfleet.security;

/** The learner has no key of that name. */
public class SshKeyNotFoundException extends RuntimeException {
    public SshKeyNotFoundException(String name) {
        super("You have no SSH key named '" + name + "'.");
    }
}
