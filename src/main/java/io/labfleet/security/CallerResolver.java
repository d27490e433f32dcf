package io.labfleet.security;

import io.labfleet.config.LabfleetConfig;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.MDC;

import java.security.Principal;

/**
 * Turns the authenticated identity (an OIDC token, or a dev login) into a {@link Caller}, and puts the
 * tenant into the log context of the request.
 */
@RequestScoped
public class CallerResolver {

    /** Identity attribute that carries the tenant when the login is not a token (dev login). */
    public static final String TENANT_ATTRIBUTE = "labfleet.tenant";

    private final SecurityIdentity identity;
    private final LabfleetConfig config;
    private Caller caller;

    CallerResolver(SecurityIdentity identity, LabfleetConfig config) {
        this.identity = identity;
        this.config = config;
    }

    public Caller current() {
        if (caller == null) {
            caller = resolve();
            if (caller.hasTenant()) {
                MDC.put("tenant", caller.tenantId());
            }
        }
        return caller;
    }

    /** The caller, who must belong to a tenant (everyone but a tenant-less admin does). */
    public Caller currentWithTenant() {
        Caller current = current();
        if (!current.hasTenant()) {
            throw new MissingTenantException(config.security().tenantClaim());
        }
        return current;
    }

    /**
     * The caller for a listing: an admin, who sees every tenant, or someone who belongs to a tenant. A
     * tenant-less instructor would otherwise be limited to no tenant at all, which reads as "every tenant".
     */
    public Caller currentForListing() {
        Caller current = current();
        return current.isAdmin() ? current : currentWithTenant();
    }

    private Caller resolve() {
        Principal principal = identity.getPrincipal();
        String tenant = identity.getAttribute(TENANT_ATTRIBUTE);
        String subject = principal.getName();
        String displayName = principal.getName();
        if (principal instanceof JsonWebToken jwt) {
            Object claim = jwt.getClaim(config.security().tenantClaim());
            tenant = claim == null ? null : claim.toString().replace("\"", "");
            subject = jwt.getSubject() != null ? jwt.getSubject() : jwt.getName();
            String preferred = jwt.getClaim("preferred_username");
            displayName = preferred != null ? preferred : jwt.getName();
        }
        return new Caller(tenant, subject, displayName, identity.getRoles());
    }
}
