package io.labfleet.tenant;

/** The tenant named by a request or a token is not registered. */
public class TenantNotFoundException extends RuntimeException {
    public TenantNotFoundException(String tenantId) {
        super("Tenant '" + tenantId + "' is not registered.");
    }
}
