package io.labfleet.security;

import io.labfleet.config.LabfleetConfig;
import jakarta.inject.Singleton;

/**
 * The name of the token claim that carries the tenant ({@code labfleet.security.tenant-claim}), read once. The
 * request-scoped {@link CallerResolver} injects this rather than the configuration mapping, which is made anew for
 * every bean that injects it: once per request, a configuration lookup on every API call.
 */
@Singleton
public class TenantClaim {

    private final String name;

    TenantClaim(LabfleetConfig config) {
        this.name = config.security().tenantClaim();
    }

    public String name() {
        return name;
    }
}
