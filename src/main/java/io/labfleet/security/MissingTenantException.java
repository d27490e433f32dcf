package io.labfleet.security;

/** The caller's token names no tenant, so there is nothing they may own. */
public class MissingTenantException extends RuntimeException {
    public MissingTenantException() {
        super("Your token names no tenant: ask your administrator to assign you to a tenant.");
    }

    public MissingTenantException(String claim) {
        super("Your token carries no '" + claim + "' claim: ask your administrator to assign you to a tenant.");
    }
}
