package io.labfleet.tenant;

/** A valid token names a tenant that is not registered, and tenants are not registered on first use. */
public class TenantNotRegisteredException extends RuntimeException {
    public TenantNotRegisteredException(String tenantId) {
        super("Your tenant '" + tenantId + "' is not registered in Labfleet: ask an administrator to create it.");
    }
}
