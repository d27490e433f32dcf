package io.labfleet.security;

/** The roles a token may carry (realm roles in Keycloak). */
public final class Role {
    public static final String LEARNER = "learner";
    public static final String INSTRUCTOR = "instructor";
    public static final String ADMIN = "admin";

    private Role() {
    }
}
